"""The printed list's measures: one source for the print view's CSS and the cairo engine.

The PDF is made two ways — WeasyPrint lays out the HTML print view
(``templates/reports/status_list_print.html``), and :mod:`hyoka.reports.render_cairo` draws
the same table itself — and the two must give the same pages. Every measure both use lives
here: the page and its margins, the column widths of the list and of the differences table,
the font, its sizes and line heights, the cell paddings, the borders and the greys. The
template receives them as ``ps`` (:func:`template_values`, already formatted for CSS); the
cairo engine reads them in points (:data:`MM` converts millimetres).

Changing a width or a size here changes both engines; ``tests/reports/test_print_style.py``
checks that the template takes every value from here and restates none.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Font:
    """A font size (pt) with its line height (a factor of the size, as CSS ``line-height``)."""

    size: float
    line: float = 1.25

    @property
    def leading(self) -> float:
        """The height of one line, in points."""
        return self.size * self.line


FAMILY = "Noto Sans CJK JP"
#: The CSS font stack: the one embedded font first, then what a browser may have instead.
FAMILY_CSS = '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", Meiryo, sans-serif'

PAGE_MM = (420.0, 297.0)  # A3 landscape
MARGIN_TOP_MM, MARGIN_SIDE_MM, MARGIN_BOTTOM_MM = 13.0, 9.0, 11.0
#: the end-of-plan summary (期末評価, :mod:`hyoka.reports.render_summary`): A4 portrait
SUMMARY_PAGE = "A4 portrait"
SUMMARY_MARGIN_MM = 15.0
#: its tables' column widths (%): 番号, 評価指標, 目標値, 理由 (never rated); 番号, 評価指標,
#: つながり, 次の計画の評価指標 (what continued)
SUMMARY_NEVER_COLUMNS = (7.0, 33.0, 18.0, 42.0)
SUMMARY_CARRIED_COLUMNS = (7.0, 43.0, 9.0, 41.0)

#: Column widths of the list (% of the table): 役割, 副役割, No, 事業名, 概要, 評価指標, 現状値,
#: 目標値, 実績値, 評価, 連携事業実施状況等.
COLUMNS = (1.8, 1.8, 1.6, 8.0, 23.0, 12.5, 6.2, 6.8, 6.8, 3.6, 27.9)
#: Column widths of the differences table on the summary page: 注, 連携事業, 評価指標, 公表,
#: 算出, 理由.
DIFF_COLUMNS = (4.0, 22.0, 22.0, 5.0, 5.0, 42.0)

BODY = Font(6.5, 1.25)  # html { font-size; line-height }
H1 = Font(13.0, 1.25)
MARGIN_TEXT = Font(7.5, 1.25)  # title, role and legend in the top margin
PAGE_NUMBER = Font(8.0, 1.25)
RATING = Font(8.5, 1.2)  # the 評価 column's symbol
SMALL = Font(6.0, 1.25)  # 公表 notes, ※ references, 算出 values
DIFF = Font(7.5, 1.25)  # the differences table
NOTE = Font(7.0, 1.25)  # the closing note under the differences
STACK_LINE = 1.2  # role cells: one character per line
STACK_EM = 1.15  # width of the stacked role title, in em

CELL_PAD_MM = (0.6, 1.0)  # vertical, horizontal
DIFF_PAD_MM = (0.8, 1.5)
H1_BELOW_MM = 1.5
PARAGRAPH_BELOW_MM = 1.5  # p { margin-bottom }: the draft note, the closing note
TABLE_BELOW_MM = 2.0  # the summary page's tables (the differences)
CAPTION_BELOW_MM = 1.0
MARGIN_TEXT_GAP_MM = 2.0  # between the top-margin texts and the page area
BORDER_PT = 0.5

HEADER_GREY = "#e6e6e6"
KPI_GREY = "#f3f3f3"
MARGIN_GREY = "#333333"


def rgb(colour: str) -> tuple[float, float, float]:
    """``#rrggbb`` as cairo's three components between 0 and 1."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return (r, g, b)


def _n(value: float) -> str:
    """A number as CSS writes it: no trailing zeros (``8``, ``6.5``)."""
    return f"{value:g}"


def template_values() -> dict[str, object]:
    """The measures as the print template writes them (CSS lengths and colours)."""
    fonts = {
        "body": BODY,
        "h1": H1,
        "margin": MARGIN_TEXT,
        "page_number": PAGE_NUMBER,
        "rating": RATING,
        "small": SMALL,
        "diff": DIFF,
        "note": NOTE,
    }
    values: dict[str, object] = {
        f"{name}_size": f"{_n(font.size)}pt" for name, font in fonts.items()
    }
    values.update({f"{name}_line": _n(font.line) for name, font in fonts.items()})
    values.update(
        family=FAMILY_CSS,
        page_size="A3 landscape",
        summary_page_size=SUMMARY_PAGE,
        summary_margin=f"{_n(SUMMARY_MARGIN_MM)}mm",
        margin=f"{_n(MARGIN_TOP_MM)}mm {_n(MARGIN_SIDE_MM)}mm {_n(MARGIN_BOTTOM_MM)}mm",
        margin_gap=f"{_n(MARGIN_TEXT_GAP_MM)}mm",
        columns=[f"{_n(w)}%" for w in COLUMNS],
        diff_columns=[f"{_n(w)}%" for w in DIFF_COLUMNS],
        summary_never_columns=[f"{_n(w)}%" for w in SUMMARY_NEVER_COLUMNS],
        summary_carried_columns=[f"{_n(w)}%" for w in SUMMARY_CARRIED_COLUMNS],
        cell_pad=f"{_n(CELL_PAD_MM[0])}mm {_n(CELL_PAD_MM[1])}mm",
        diff_pad=f"{_n(DIFF_PAD_MM[0])}mm {_n(DIFF_PAD_MM[1])}mm",
        h1_below=f"{_n(H1_BELOW_MM)}mm",
        paragraph_below=f"{_n(PARAGRAPH_BELOW_MM)}mm",
        table_below=f"{_n(TABLE_BELOW_MM)}mm",
        caption_below=f"{_n(CAPTION_BELOW_MM)}mm",
        border=f"{_n(BORDER_PT)}pt",
        stack_line=_n(STACK_LINE),
        stack_width=f"{_n(STACK_EM)}em",
        header_grey=HEADER_GREY,
        kpi_grey=KPI_GREY,
        margin_grey=MARGIN_GREY,
    )
    return values
