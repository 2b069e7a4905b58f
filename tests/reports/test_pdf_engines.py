"""The two PDF engines: cairo (the table drawn by Pango and cairo, the summary by WeasyPrint,
joined) against WeasyPrint alone, on the FY2019 list and on a long list made of it.

The long list repeats the FY2019 projects until the differences no longer fit on the summary
page, so the fast engine draws pages before *and* after the pages WeasyPrint lays out: the
page numbers must still run 1 … N through all of them.
"""

from __future__ import annotations

import copy
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from hyoka.reports import render_cairo, render_pdf
from hyoka.reports.statuslist import StatusListReport

from .test_pdf_html import POPPLER, page_count, page_texts, squeeze

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed"),
    pytest.mark.skipif(not render_cairo.available(), reason="cairo/PangoCairo/pypdf missing"),
]
COPIES = 12  # 480 projects, 48 differences: more than the summary page holds


def long_report(report: StatusListReport, copies: int) -> StatusListReport:
    """Each FY2019 role with its projects repeated ``copies`` times, renumbered and renamed."""
    out = report.to_json()
    number = 0
    for role in out["roles"]:
        projects = role["projects"]
        role["projects"] = []
        for c in range(copies):
            for p in copy.deepcopy(projects):
                number += 1
                p["number"], p["name"] = number, f"{p['name']}（{c + 1}）"
                role["projects"].append(p)
    return StatusListReport.from_json(out)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def numbers(pdf: Path) -> list[str]:
    """The ``n / N`` footer of every page."""
    found = []
    for text in page_texts(pdf):
        m = re.search(r"(?m)^(\d+)\s*/\s*(\d+)$", text)
        found.append(f"{m.group(1)}/{m.group(2)}" if m else "")
    return found


def test_engines_are_named_and_checked(report: StatusListReport) -> None:
    assert render_pdf.ENGINES == ("cairo", "weasyprint")
    assert render_pdf.default_engine() == "cairo"
    with pytest.raises(ValueError, match="unknown PDF engine"):
        render_pdf.render(report, engine="latex")


def test_without_cairo_weasyprint_makes_the_pdf(
    report: StatusListReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render_cairo, "available", lambda: False)
    render_pdf.default_engine.cache_clear()
    try:
        assert render_pdf.default_engine() == "weasyprint"
    finally:
        render_pdf.default_engine.cache_clear()


def test_both_engines_make_the_same_pages(report: StatusListReport, tmp_path: Path) -> None:
    fast = write(tmp_path, "cairo.pdf", render_pdf.render(report, engine="cairo")[2])
    slow = write(tmp_path, "weasyprint.pdf", render_pdf.render(report, engine="weasyprint")[2])
    assert page_count(fast) == page_count(slow) == 3
    assert numbers(fast) == numbers(slow) == ["1/3", "2/3", "3/3"]
    fast_pages, slow_pages = page_texts(fast), page_texts(slow)
    for n, (a, b) in enumerate(zip(fast_pages, slow_pages, strict=True), start=1):
        # The same characters on every page (line breaks inside cells may differ, and with
        # them how poppler joins lines). cairo maps each glyph of a font subset to one
        # character for text extraction, so the wave dash 〜 and the fullwidth tilde ～ (one
        # glyph in Noto Sans CJK) both come out as one of them.
        assert set(squeeze(a).replace("〜", "～")) == set(squeeze(b).replace("〜", "～")), n
    fonts = subprocess.run(["pdffonts", fast], capture_output=True, text=True).stdout
    assert "NotoSansCJKjp-Regular" in fonts
    assert "NotoSansCJKjp-Bold" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # embedded


@pytest.fixture(scope="module")
def long_pdf(report: StatusListReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = render_pdf.render(long_report(report, COPIES))[2]
    return write(tmp_path_factory.mktemp("long"), "long.pdf", data)


def test_long_list_is_numbered_through_every_page(long_pdf: Path) -> None:
    n = page_count(long_pdf)
    assert n > 20
    assert numbers(long_pdf) == [f"{k}/{n}" for k in range(1, n + 1)]


def test_long_list_pages_in_order(long_pdf: Path, report: StatusListReport) -> None:
    """Table pages (header row, running role), the summary, then the rest of the
    differences (their header row on every page) and the note at the very end."""
    texts = [squeeze(t) for t in page_texts(long_pdf)]
    summary = [i for i, t in enumerate(texts) if "評価の概要" in t]
    assert len(summary) == 1
    s = summary[0]
    for text in texts[:s]:
        assert all(column in text for column in report.columns)
    for text in texts[1:s]:
        assert "2019年度（令和元年度）連携事業実施状況等一覧" in text
        assert re.search("役割[アイウ]", text)
    after = texts[s + 1 :]
    assert after, "the differences go on after the summary page"
    for text in after:
        assert all(c in text for c in ("注", "連携事業", "評価指標", "公表", "算出", "理由"))
        assert "＜評価凡例＞" in text
        assert re.search("役割[アイウ]", text) is None
    note = "評価欄は実績値と目標値から算出した評価"
    assert [i for i, t in enumerate(texts) if note in t] == [len(texts) - 1]


def test_long_list_holds_every_project_and_difference(
    long_pdf: Path, report: StatusListReport
) -> None:
    pages = page_texts(long_pdf)
    text = squeeze("".join(pages))
    long = long_report(report, COPIES)
    names = [p.name for p in long.projects()]
    assert len(names) == 40 * COPIES
    assert [n for n in names if squeeze(n) not in text] == []
    refs = re.findall(r"(?m)^※(\d+)$", "\n".join(pages))
    assert {str(k) for k in range(1, 4 * COPIES + 1)} <= set(refs)


def test_long_list_draft_and_empty(report: StatusListReport) -> None:
    draft = replace(long_report(report, 2), status="open")
    assert render_pdf.render(draft)[2].startswith(b"%PDF-")
    empty = StatusListReport("", "", 2019, fiscal_year_wareki="令和元年度")
    assert render_pdf.render(empty)[2].startswith(b"%PDF-")
