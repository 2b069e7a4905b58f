"""Docs kept honest: every command and option of `hyoka` is in the README (as datasette does)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from hyoka.cli import COMMANDS, build_parser

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_is_documented(command: str) -> None:
    assert f"### `hyoka {command}" in README


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (name, opt)
        for name, sub in _subparsers().items()
        for action in sub._actions
        for opt in action.option_strings
        if opt.startswith("--") and opt != "--help"
    ],
)
def test_option_is_documented(command: str, option: str) -> None:
    assert option in README, f"hyoka {command} {option} is not in the README"


def test_readme_has_the_two_setup_commands() -> None:
    assert "scripts/run " in README
    assert "scripts/test " in README
