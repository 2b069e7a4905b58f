"""The status list as a PDF (WeasyPrint, A3 landscape) and as an HTML print view.

The PDF is checked with poppler's tools (``pdfinfo``, ``pdffonts``, ``pdftotext``), the HTML
with the standard library's parsers. The FY2019 seed is imported once for the module, inside
a transaction that is rolled back, and rendered once.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from hyoka.reports import render_html, render_pdf
from hyoka.reports.statuslist import StatusListReport

POPPLER = all(shutil.which(tool) for tool in ("pdfinfo", "pdffonts", "pdftotext"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils is not installed")
A3_LANDSCAPE = (1190.55, 841.89)  # points
# The database is only used by the module fixture (the marker makes pytest-django create it).
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pdf(report: StatusListReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    name, mimetype, data = render_pdf.render(report)
    assert (name, mimetype) == ("hyoka-status-list-2019.pdf", "application/pdf")
    assert data.startswith(b"%PDF-")
    path = tmp_path_factory.mktemp("pdf") / name
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def html(report: StatusListReport) -> str:
    name, mimetype, data = render_html.render(report)
    assert (name, mimetype) == ("hyoka-status-list-2019.html", "text/html; charset=utf-8")
    return data.decode("utf-8")


def run(*args: str | int | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def squeeze(text: str) -> str:
    """Text without white space: cells wrap their lines anywhere."""
    return re.sub(r"\s+", "", text)


def page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", pdf), re.M).group(1))  # type: ignore[union-attr]


def page_texts(pdf: Path) -> list[str]:
    return [run("pdftotext", "-f", n, "-l", n, pdf, "-") for n in range(1, page_count(pdf) + 1)]


def project_names(report: StatusListReport) -> list[str]:
    return [p.name for p in report.projects()]


# --- PDF ---------------------------------------------------------------------------------


@needs_poppler
def test_every_page_is_a3_landscape(pdf: Path) -> None:
    n = page_count(pdf)
    sizes = re.findall(
        r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts",
        run("pdfinfo", "-f", "1", "-l", str(n), pdf),
        re.M,
    )
    assert len(sizes) == n >= 2
    for width, height in sizes:
        assert float(width) == pytest.approx(A3_LANDSCAPE[0], abs=1)
        assert float(height) == pytest.approx(A3_LANDSCAPE[1], abs=1)


@needs_poppler
def test_japanese_font_is_embedded(pdf: Path) -> None:
    fonts = run("pdffonts", pdf).splitlines()[2:]
    noto = [line for line in fonts if "NotoSansCJK" in line.replace("-", "")]
    assert noto, fonts
    for line in noto:
        assert line.split()[-5] == "yes"  # the emb column
    assert all("NotoSansCJK" in line.replace("-", "") for line in fonts), "one family only"


@needs_poppler
def test_text_holds_every_project_the_legend_and_both_year_forms(
    pdf: Path, report: StatusListReport
) -> None:
    text = squeeze(run("pdftotext", pdf, "-"))
    names = project_names(report)
    assert len(names) == 40
    assert [n for n in names if squeeze(n) not in text] == []
    # the legend in content order (-raw): poppler's column detection may split a line whose
    # items are far apart, depending on how the spaces between them are drawn
    legend = "＜評価凡例＞◎：達成済み○：達成見込△：達成不可見込×：達成不可-：評価不可"
    assert legend in squeeze(run("pdftotext", "-raw", pdf, "-"))
    assert "2019年度（令和元年度）" in text
    for kpi in ("圏域内民営事業所売上", "観光入込客数", "札幌駅の乗車人員数"):
        assert kpi in text


@needs_poppler
def test_pages_are_numbered(pdf: Path) -> None:
    texts = page_texts(pdf)
    for n, text in enumerate(texts, start=1):
        assert re.search(rf"(?m)^{n}\s*/\s*{len(texts)}$", text), f"page {n}"


@needs_poppler
def test_header_row_is_repeated_on_every_page_of_the_table(
    pdf: Path, report: StatusListReport
) -> None:
    texts = [squeeze(t) for t in page_texts(pdf)]
    table_pages = [t for t in texts if "評価の概要" not in t]
    assert len(table_pages) == len(texts) - 1 >= 2
    for text in table_pages:
        for column in report.columns:
            assert column in text
    # the later pages carry the title and the legend in their top margin
    for text in table_pages[1:]:
        assert "2019年度（令和元年度）連携事業実施状況等一覧" in text
        assert "＜評価凡例＞" in text


@needs_poppler
def test_the_table_follows_the_official_pages(pdf: Path) -> None:
    """Roles ア and イ on the first page, ウ (A, B, C) on the second, like the published list."""
    texts = [squeeze(t) for t in page_texts(pdf)]
    assert "丘珠空港の利用促進" in texts[0]
    assert "救急医療の維持" not in texts[0]
    assert "救急医療の維持" in texts[1]
    assert "航空写真の共同撮影" in texts[1]


@needs_poppler
def test_summary_page_has_the_distribution_and_the_share(
    pdf: Path, report: StatusListReport
) -> None:
    summary = squeeze(page_texts(pdf)[-1])
    assert "2019年度（令和元年度）評価の概要" in summary
    assert "達成割合85.1%" in summary
    assert "◎・○の評価指標40／評価できた評価指標47" in summary
    assert "評価別の評価指標数" in summary
    assert "◎10" in summary  # a label inside the SVG chart (role ア)
    assert "公表された評価と算出した評価の違い" in summary


@needs_poppler
def test_tagged_pdf_on_request(report: StatusListReport, tmp_path: Path) -> None:
    path = tmp_path / "tagged.pdf"
    path.write_bytes(render_pdf.render(report, tagged=True)[2])
    info = run("pdfinfo", path)
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert re.search(r"^Title:\s+さっぽろ連携中枢都市圏 2019年度（令和元年度）", info, re.M)


# --- HTML --------------------------------------------------------------------------------

VOID = {"meta", "col", "br", "link", "img", "input", "hr", "source", "wbr"}
SVG_CHILDREN = {"title", "desc", "rect", "text", "line", "polygon", "circle", "polyline", "g"}


class Tree(HTMLParser):
    """Start and end tags checked for nesting; elements kept as (tag, attrs, parents)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.elements: list[tuple[str, dict[str, str], tuple[str, ...]]] = []
        self.errors: list[str] = []
        self.texts: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, tuple(self.stack)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, tuple(self.stack)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append((data, tuple(self.stack)))


@pytest.fixture(scope="module")
def tree(html: str) -> Tree:
    parser = Tree()
    parser.feed(html)
    parser.close()
    return parser


def of(tree: Tree, tag: str, **attrs: str) -> list[tuple[str, dict[str, str], tuple[str, ...]]]:
    return [
        e
        for e in tree.elements
        if e[0] == tag and all(e[1].get(k.rstrip("_")) == v for k, v in attrs.items())
    ]


def test_html_is_well_formed(tree: Tree, html: str) -> None:
    assert tree.errors == []
    assert tree.stack == []
    assert html.startswith("<!DOCTYPE html>")
    # well-formed XML too: the PDF renderer parses it with the C parser of the standard library
    root = ElementTree.fromstring(html)
    assert root.tag == "html"
    assert root.get("lang") == "ja"


def test_html_is_standalone(html: str) -> None:
    assert "<link" not in html
    assert "<script" not in html
    assert not re.search(r"\s(src|href)=", html)
    assert "url(" not in html
    assert "@import" not in html
    assert "size: A3 landscape" in html
    assert "display: table-header-group" in html


def list_table(html: str) -> ElementTree.Element:
    root = ElementTree.fromstring(html)
    return next(t for t in root.iter("table") if t.get("class") == "list")


def test_html_table_semantics(html: str, report: StatusListReport) -> None:
    table = list_table(html)
    assert len(table.findall("caption")) == 1
    assert "評価凡例" in "".join(table.find("caption").itertext())  # type: ignore[union-attr]
    heads = table.findall("thead/tr/th")
    assert [th.get("scope") for th in heads] == ["col"] * 9
    assert ["".join(th.itertext()) for th in heads] == list(report.columns)
    bodies = table.findall("tbody")
    assert len(bodies) == len(report.roles) == 3
    for body in bodies:
        assert body.find("tr/th[@scope='rowgroup']") is not None
    projects = table.findall("tbody/tr/th[@class='pname']")
    assert len(projects) == 40
    assert all(th.get("scope") == "row" for th in projects)
    # each project's cells span its indicator lines
    spans = [int(th.get("rowspan", "1")) for th in projects]
    assert spans == [len(p.indicators) for p in report.projects()]


def test_html_rows_add_up_in_each_role(html: str, report: StatusListReport) -> None:
    """The role cell spans its tbody; in ウ the sub-role cells A, B, C span the same rows."""
    table = list_table(html)
    for body, role in zip(table.iter("tbody"), report.roles, strict=True):
        rows = body.findall("tr")
        expected = len(role.headline_kpis) + sum(len(p.indicators) for p in role.projects)
        assert len(rows) == expected
        head = rows[0].find("th")
        assert head is not None
        assert head.get("scope") == "rowgroup"
        assert int(head.get("rowspan", "1")) == expected
        subs = [th for tr in rows for th in tr.findall("th") if th.get("class") == "role"][1:]
        if role.label == "ウ":
            assert ["".join(th.itertext()).split()[0] for th in subs] == ["A", "B", "C"]
            assert sum(int(th.get("rowspan", "1")) for th in subs) == expected
        else:
            assert subs == []
            assert head.get("colspan") == "2"


def test_html_content(html: str, tree: Tree, report: StatusListReport) -> None:
    for name in project_names(report):
        assert name in html
    assert "＜評価凡例＞◎：達成済み　○：達成見込　△：達成不可見込　×：達成不可　-：評価不可" in html
    titles = [t for t, parents in tree.texts if parents[-1:] == ("h1",)]
    assert titles == ["さっぽろ連携中枢都市圏 2019年度（令和元年度） 連携事業実施状況等一覧"]
    assert "達成割合 85.1%" in html
    assert "<svg" in html
    assert 'role="img"' in html


def test_html_ratings_are_spoken(tree: Tree, report: StatusListReport) -> None:
    meanings = {s.symbol: s.label for s in report.legend}
    spoken = [e for e in tree.elements if e[0] == "span" and e[1].get("role") == "img"]
    assert len(spoken) >= 60
    assert all(e[1].get("aria-label") in meanings.values() for e in spoken)
    symbols = [t.strip() for t, parents in tree.texts if parents[-1:] == ("span",)]
    assert {"◎", "○", "△", "×", "-"} <= set(symbols)


def test_html_notes_differences_with_references(html: str) -> None:
    """Published ratings that differ from the computed ones are marked and explained."""
    for n in range(1, 5):
        assert f"※{n}" in html
    assert "公表された評価と算出した評価の違い" in html
    assert "オープンデータプラットフォームの共同利用" in html


def test_draft_years_say_so(report: StatusListReport) -> None:
    draft = replace(report, status="open")
    text = render_html.render(draft)[2].decode()
    assert "（未公表）" in text
    assert "公表前" in text
    assert "（未公表）" not in render_html.render(report)[2].decode()


def test_other_years_and_titles(report: StatusListReport) -> None:
    other = replace(
        report,
        fiscal_year=2024,
        fiscal_year_wareki="令和6年度",
        title="さっぽろ連携中枢都市圏 連携事業実施状況等一覧",
    )
    text = render_html.render(other)[2].decode()
    assert "さっぽろ連携中枢都市圏 連携事業実施状況等一覧（2024年度・令和6年度）" in text
    assert render_html.render(other)[0] == "hyoka-status-list-2024.html"


def test_timings_report_each_stage(report: StatusListReport) -> None:
    t = render_pdf.timings(report)
    assert set(t) == {"html", "layout", "write", "total", "pages"}
    assert t["pages"] >= 2
    assert t["total"] >= t["layout"] > 0


def test_an_empty_report_still_renders() -> None:
    empty = StatusListReport("", "", 2019, fiscal_year_wareki="令和元年度")
    text = render_html.render(empty)[2].decode()
    assert "<table" in text
    assert "2019年度・令和元年度" in text
