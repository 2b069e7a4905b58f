"""Docs kept honest: every command and option of `hyoka` is in the README (as datasette does)."""

from __future__ import annotations

import argparse
import importlib
import re
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
    texts = [
        root / "README.md",
        *DOCS.glob("*.md"),
        *(root / "src").rglob("*.py"),
        *(p for p in (root / "tests").rglob("*.py") if p != Path(__file__)),
    ]
    outside = [
        str(p.relative_to(root))
        for p in texts
        if any(ref in p.read_text(encoding="utf-8") for ref in ("DESIGN §", "../shared"))
    ]
    assert not outside, f"these refer to documents outside the repository: {outside}"


ARCHITECTURE = (DOCS / "architecture.md").read_text(encoding="utf-8")
SRC = Path(__file__).parent.parent / "src" / "hyoka"


def _resolve(dotted: str) -> object:
    """The module or attribute ``hyoka.<dotted>`` names (AttributeError / ImportError if none)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module("hyoka." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name)
        return found
    raise ImportError(dotted)


def _layer_rows() -> list[tuple[int, list[str], str]]:
    """The layers table: (layer, its packages, what it owns)."""
    rows = []
    for line in ARCHITECTURE.splitlines():
        if m := re.match(r"\| (\d+) \| (.*?) \| (.*) \| .*? \|$", line):
            rows.append((int(m[1]), re.findall(r"`(\w+)`", m[2]), m[3]))
    return rows


def test_the_architecture_layers_are_the_ones_the_layer_test_enforces() -> None:
    from tests.test_layers import LAYERS

    rows = _layer_rows()
    assert rows, "docs/architecture.md has no layers table"
    for layer, packages, _owns in rows:
        for package in packages:
            assert LAYERS.get(package) == layer, f"{package}: layer {layer} in the doc"


def test_the_modules_the_layers_table_names_exist() -> None:
    for _layer, packages, owns in _layer_rows():
        for word in set(re.findall(r"`([a-z_]+)`", owns)) - {"hyoka"}:  # the command
            assert any(
                (SRC / package / f"{word}.py").is_file() or (SRC / package / word).is_dir()
                for package in packages
            ), f"docs/architecture.md names `{word}` in {packages}, which has no such module"


@pytest.mark.parametrize(
    "dotted",
    sorted(
        {
            name
            for name in re.findall(r"`([a-z_]+(?:\.[A-Za-z_]+)+)(?:\(\))?`", ARCHITECTURE)
            if name.split(".")[0] in {p.stem for p in SRC.iterdir()}
        }
    ),
)
def test_every_name_the_architecture_gives_is_in_the_code(dotted: str) -> None:
    """`evaluation.imports.write_status_list` and the like: renamed or moved, the doc fails."""
    _resolve(dotted)


def test_every_module_of_the_lower_layers_is_in_the_architecture() -> None:
    """core and ingest are where one concept has one home: each module is placed in the doc."""
    missing = [
        f"{package}.{path.stem}"
        for package in ("core", "ingest")
        for path in sorted((SRC / package).glob("*.py"))
        if path.stem != "__init__"
        and f"`{path.stem}`" not in ARCHITECTURE
        and f"`{package}.{path.stem}" not in ARCHITECTURE
    ]
    assert not missing, f"not in docs/architecture.md: {missing}"


def test_the_path_of_a_value_is_what_the_grammar_reads() -> None:
    """The architecture's example: 約79,600人 is 79,600, unit 人, qualifier about."""
    from hyoka.core.values import explain

    value = explain("約79,600人")
    assert "約79,600人" in ARCHITECTURE
    assert (value.number, value.unit, value.qualifiers) == (79600, "人", ("about",))


def test_the_benchmarks_doc_holds_every_result_and_note_as_written() -> None:
    """docs/benchmarks.md is assembled from benchmarks/results/*.md, each a benchmark's own
    section or (``*.notes.md``) what people wrote about its runs: every one is in the doc as
    it is, so a figure there always has a file that states its run (rerun
    ``benchmarks/assemble.py`` after editing a note)."""
    results = DOCS.parent / "benchmarks" / "results"
    doc = (DOCS / "benchmarks.md").read_text("utf-8")
    missing = [
        p.name for p in sorted(results.glob("*.md")) if p.read_text("utf-8").rstrip() not in doc
    ]
    assert not missing, f"rerun benchmarks/assemble.py: not in docs/benchmarks.md: {missing}"
