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


DOCS = Path(__file__).parent.parent / "docs"
GLOSSARY = (DOCS / "glossary.md").read_text(encoding="utf-8")


def _hyoka_models() -> list[type]:
    from django.apps import apps

    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("hyoka.") and not m.__name__.startswith("Historical")
    ]


@pytest.mark.parametrize("model", _hyoka_models(), ids=lambda m: m._meta.label)
def test_every_model_is_in_the_glossary(model: type) -> None:
    meta = model._meta  # type: ignore[attr-defined]
    assert f"`{model.__name__}`" in GLOSSARY, f"{meta.label} is not in docs/glossary.md"
    assert str(meta.verbose_name) in GLOSSARY, f"「{meta.verbose_name}」 is not in docs/glossary.md"


def test_the_readme_points_to_the_glossary_and_the_architecture() -> None:
    assert "docs/glossary.md" in README
    assert "docs/architecture.md" in README


def test_no_reference_to_documents_outside_the_repository() -> None:
    root = Path(__file__).parent.parent
    texts = [root / "README.md", *DOCS.glob("*.md"), *(root / "src").rglob("*.py")]
    outside = [
        str(p.relative_to(root))
        for p in texts
        if any(ref in p.read_text(encoding="utf-8") for ref in ("DESIGN §", "../shared"))
    ]
    assert not outside, f"these refer to documents outside the repository: {outside}"
