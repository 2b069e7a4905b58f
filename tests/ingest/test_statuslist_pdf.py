"""The official PDF read directly: the bundled list exported as xlsx and printed to PDF by
LibreOffice, and Hyoka's own PDF export by both engines (cairo, WeasyPrint), read and imported
into the same projects, indicators, texts and published symbols as the xlsx; a 1,000-project
list likewise.  Broken PDFs are in the fault corpus (tests/faults)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hyoka.cli import main
from hyoka.core.i18n import use_language
from hyoka.evaluation.models import IndicatorYear, ProjectYear
from hyoka.ingest import statuslist_pdf
from hyoka.ingest.readers import UnreadableFile, read_bytes
from hyoka.plans.models import Indicator, Project
from hyoka.publishing.imports import import_status_list
from tests.ingest.documents import document, facts, indicator_symbols

pytestmark = pytest.mark.django_db


def read(name: str, kind: str) -> Any:
    suffix = "xlsx" if kind == "xlsx" else "pdf"
    return read_bytes(document(name, kind), f"{name}-{kind}.{suffix}")


def rows() -> dict[str, list[tuple[Any, ...]]]:
    """What the import wrote: projects, indicators, and the year's texts and symbols."""
    return {
        "projects": sorted(
            Project.objects.values_list(
                "number", "name", "summary", "role__label", "sub_role__label"
            )
        ),
        "indicators": sorted(
            Indicator.objects.values_list(
                "project__number", "position", "name", "baseline_text", "target_text"
            ),
            key=str,
        ),
        "indicator_years": sorted(
            IndicatorYear.objects.values_list(
                "indicator__project__number", "indicator__position", "actual_text", "published"
            ),
            key=str,
        ),
        "project_years": sorted(
            ProjectYear.objects.values_list(
                "project__number", "notes", "published", "published_text"
            )
        ),
    }


# -- LibreOffice's print of the xlsx ------------------------------------------------------------


def test_libreoffice_print_of_the_bundled_list_reads_as_the_xlsx() -> None:
    xlsx, pdf = read("bundled", "xlsx"), read("bundled", "libreoffice")
    assert facts(pdf) == facts(xlsx)
    assert indicator_symbols(pdf) == indicator_symbols(xlsx)
    assert [(p.rating_cell, p.rating_published) for p in pdf.projects] == [
        (p.rating_cell, p.rating_published) for p in xlsx.projects
    ]
    assert pdf.encoding == "pdf"
    assert [(p.kind, p.severity) for p in pdf.problems] == [
        (p.kind, p.severity) for p in xlsx.problems
    ]


def test_imported_from_the_pdf_as_from_the_xlsx() -> None:
    """Import the xlsx, note what was written, import the PDF over it: nothing changes."""
    data = document("bundled", "xlsx")
    import_status_list(read_bytes(data, "list.xlsx"), data)
    written = rows()
    pdf = document("bundled", "libreoffice")
    result = import_status_list(read_bytes(pdf, "list.pdf"), pdf)
    assert rows() == written
    assert result.changes == []
    assert not [k for k, v in result.counts.items() if v and ("created" in k or "removed" in k)]
    assert (result.achieved, result.rated) == (40, 47)


def test_problems_name_page_and_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "list.pdf"
    path.write_bytes(document("bundled", "libreoffice"))
    assert main(["check", str(path), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["source"] == {"path": str(path), "encoding": "pdf"}
    assert (d["fiscal_year"], d["area"]) == (2019, "さっぽろ連携中枢都市圏")
    assert d["achievement"]["text"] == "85.1%"
    placed = [p for p in d["problems"] if p.get("row")]
    assert placed
    for p in placed:
        assert p["page"] >= 1
        assert p["where"].startswith(f"{p['page']}ページ 行{p['row']}")
    assert main(["check", str(path), "--format", "json", "--lang", "en"]) == 0
    english = json.loads(capsys.readouterr().out)["problems"]
    assert all(p["where"].startswith("page ") for p in english if p.get("row"))


# -- Hyoka's own PDF export -----------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["cairo", "weasyprint"])
def test_hyokas_own_pdf_reads_as_the_xlsx(engine: str) -> None:
    """Hyoka's PDF prints the rating in force per indicator, with 公表X where the list's own
    differs: a project the list gave one symbol reads as its indicators' symbols, whose worst
    is the project's one symbol (as the evaluation takes it)."""
    xlsx, pdf = read("bundled", "xlsx"), read("bundled", engine)
    got, want = facts(pdf), facts(xlsx)
    # Hyoka draws a role's headline KPIs inside its first sub-role's cell (ウ's KPI beside A)
    assert got == want
    symbols = indicator_symbols(xlsx)
    assert {k: indicator_symbols(pdf).get(k) for k in symbols} == symbols
    assert not [p for p in pdf.problems if p.severity == "error"]


def test_hyokas_pdf_notes_are_not_read_as_the_lists() -> None:
    """公表○ ※n (the list's symbol where Hyoka's differs) is the published symbol; ※n after a
    name and 事業公表 are Hyoka's; 和暦 added to the title is the export's."""
    sl = read("bundled", "cairo")
    p14 = sl.projects[13]
    assert (p14.rating_published, p14.rating_cell) == ("○", "○")
    assert [i.rating_published for i in p14.indicators] == [None, None]
    p32 = sl.projects[31]
    assert [i.rating_published for i in p32.indicators] == ["△", "△"]
    assert not any("※" in p.name for p in sl.projects)
    assert sl.title == "さっぽろ連携中枢都市圏 2019年度 連携事業実施状況等一覧"


# -- 1,000 projects --------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_thousand_projects_printed_by_libreoffice() -> None:
    xlsx, pdf = read("1000", "xlsx"), read("1000", "libreoffice")
    assert len(pdf.projects) == 1000
    assert facts(pdf) == facts(xlsx)
    assert indicator_symbols(pdf) == indicator_symbols(xlsx)


@pytest.mark.slow
def test_a_thousand_projects_in_hyokas_pdf() -> None:
    """Sub-roles left out of the comparison: Hyoka's PDF draws a role's projects that have no
    sub-role inside its first sub-role's cell (the synthetic list has such projects)."""
    xlsx, pdf = read("1000", "xlsx"), read("1000", "cairo")
    assert len(pdf.projects) == 1000
    got, want = facts(pdf, sub_roles=False), facts(xlsx, sub_roles=False)
    assert got == want
    symbols = indicator_symbols(xlsx)
    assert {k: indicator_symbols(pdf).get(k) for k in symbols} == symbols


def test_hyoka_import_reads_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.pdf"
    path.write_bytes(document("bundled", "cairo"))
    assert main(["import", str(path), "--dry-run", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert f"would import {path}" in out
    assert "dry run: nothing was written" in out
    with use_language("en"):
        assert read_bytes(path.read_bytes(), str(path)).fiscal_year == 2019


def test_a_table_longer_than_a_list_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(statuslist_pdf, "MAX_ROWS", 20)
    too_many = r"^big.pdf: the table has too many rows \(\d+\)"
    with pytest.raises(UnreadableFile, match=too_many), use_language("en"):
        read_bytes(document("bundled", "cairo"), "big.pdf")
