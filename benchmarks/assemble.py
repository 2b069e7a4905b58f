"""Join benchmarks/results/*.md into docs/benchmarks.md (``benchmarks/run`` calls it last)."""

from __future__ import annotations

import sys

from common import DOC, assemble

if __name__ == "__main__":
    assemble()
    print(f"wrote {DOC}", file=sys.stderr)
