"""Status lists made in the tests as the files people have: the list Hyoka exports as xlsx,
that workbook printed to PDF by LibreOffice, and Hyoka's own PDF export by both engines.

Each file is made once per process from a database holding the list (``import_seed`` or a
synthetic list), and kept as bytes: the database of the test that made it is rolled back."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hyoka.core.evaluate import evaluate
from hyoka.core.statuslist import Headline, StatusList
from hyoka.ingest.readers import read_bytes
from hyoka.publishing.imports import import_status_list
from hyoka.publishing.services import report_for
from hyoka.reports import render_pdf, render_xlsx
from tests.factories import import_seed

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SOFFICE = shutil.which("soffice")
_made: dict[str, bytes] = {}


def needs_soffice() -> None:
    if SOFFICE is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: scripts/bootstrap dev installs "
            "libreoffice-calc-nogui, which prints the xlsx list to PDF in these tests"
        )


def libreoffice_pdf(xlsx: bytes) -> bytes:
    """The workbook printed to PDF as a city office would: ``soffice --convert-to pdf``,
    with a user profile of its own."""
    needs_soffice()
    assert SOFFICE is not None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "list.xlsx"
        src.write_bytes(xlsx)
        subprocess.run(
            [
                SOFFICE,
                "--headless",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        return (Path(tmp) / "list.pdf").read_bytes()


def synthetic(n: int) -> bytes:
    """A synthetic list of ``n`` projects numbered 1 to n (benchmarks/synthetic.py)."""
    sys.path.insert(0, str(BENCHMARKS))
    from synthetic import generate

    return generate(n, seed=1, section_size=n).encode()


def _report_of(name: str) -> dict[str, Any]:
    if name == "bundled":
        import_seed()
    else:
        data = synthetic(int(name))
        import_status_list(read_bytes(data, f"synthetic-{name}.txt"), data)
    return report_for()


def document(name: str, kind: str) -> bytes:
    """The list ``name`` (``bundled`` or a number of projects) as ``kind``: ``xlsx``,
    ``libreoffice`` (the xlsx printed by LibreOffice), ``cairo`` or ``weasyprint``."""
    key = f"{name}-{kind}"
    if key not in _made:
        if kind == "libreoffice":
            _made[key] = libreoffice_pdf(document(name, "xlsx"))
        else:
            report = _report_of(name)
            makers: dict[str, Callable[[], bytes]] = {
                "xlsx": lambda: render_xlsx.render(report)[2],
                "cairo": lambda: render_pdf.render(report, engine="cairo")[2],
                "weasyprint": lambda: render_pdf.render(report, engine="weasyprint")[2],
            }
            _made[key] = makers[kind]()
    return _made[key]


def facts(sl: StatusList, *, sub_roles: bool = True) -> dict[str, Any]:
    """What an import keeps of a list: title, area, year, legend, roles, headline KPIs,
    projects with their texts and indicators, and the published symbols — per indicator
    where the list gives them per indicator, and each project's as the evaluation takes it
    (its one symbol, or the worst of its indicators')."""
    published = {p["number"]: p["rating_published"] for p in evaluate(sl).to_dict()["projects"]}
    return {
        "title": (sl.title, sl.area, sl.fiscal_year),
        "legend": sl.legend,
        "roles": [(r.label, r.title, r.parent) for r in sl.roles],
        "headlines": [_headline(h) for h in sl.headlines],
        "projects": [
            (p.number, p.name, p.summary, p.role, p.sub_role if sub_roles else None, p.notes)
            for p in sl.projects
        ],
        "indicators": [
            (p.number, i.name, i.baseline, i.target, i.actual)
            for p in sl.projects
            for i in p.indicators
        ],
        "project_symbols": published,
    }


def _headline(h: Headline) -> tuple[str | None, ...]:
    i = h.indicator
    return (h.role, i.name, i.baseline, i.target, i.actual, i.rating_published)


def indicator_symbols(sl: StatusList) -> dict[tuple[int, int], str | None]:
    """Published symbols of the indicators of projects that give one per indicator."""
    return {
        (p.number, n): i.rating_published
        for p in sl.projects
        if p.rating_published is None
        for n, i in enumerate(p.indicators, 1)
    }
