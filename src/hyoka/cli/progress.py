"""A progress bar on a terminal, nothing otherwise (logs and pipes stay clean)."""

from __future__ import annotations

import sys
from typing import TextIO


class ProgressBar:
    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.enabled = stream.isatty()

    def __call__(self, label: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        width = 30
        filled = width * done // total
        bar = "█" * filled + "·" * (width - filled)
        end = "\n" if done >= total else ""
        self.stream.write(f"\r{label} [{bar}] {done}/{total}{end}")
        self.stream.flush()
