"""The table pages of the PDF drawn directly with Pango and cairo: the fast PDF engine.

WeasyPrint spends about half a millisecond of Python per table cell (CSS cascade, box tree,
line boxes, drawing; see docs/benchmarks.md), so a 1,000-project list (≈22,000 cells, 70+
pages) took 13 s. This module lays out the same table itself — it is a grid with fixed column
widths, so the layout is rows of cells whose heights Pango measures — and lets Pango shape
and cairo draw and subset the font, all in C: about 25 times less work.

It reproduces the print CSS of ``status_list_print.html`` (A3 landscape, the same margins,
column widths, paddings, 0.5 pt borders, font sizes and line heights, grey header row repeated
on every page, 【基本KPI】 rows shaded, rows and projects kept whole on a page, the title and
caption on the first page, the title, the role the page starts in and the legend in the top
margin of the later pages, ``n / N`` at the bottom).  The summary page (share, distribution,
the SVG chart, and as many differences as surely fit under them) is still laid out by
WeasyPrint from the same template; the differences that do not fit are drawn here, after it,
with their header row on every page and the closing note.  :func:`hyoka.reports.render_pdf.
fast_pdf` joins the two (pypdf) and numbers the pages through.

Known differences from WeasyPrint's output: line breaks inside a cell can fall one character
apart; cairo embeds Noto Sans CJK subsets with all the font's CFF subroutines (≈1 MB more
than WeasyPrint's HarfBuzz subsets); and cairo maps each glyph to one character for text
extraction, so where the font draws two characters with one glyph (〜 and ～) a copy from
the PDF gives one of them for both.

Needs ``libcairo2`` and ``libpangocairo-1.0-0`` (Debian); :func:`available` says whether they
load, and :mod:`hyoka.reports.render_pdf` falls back to WeasyPrint alone when they do not.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from hyoka.reports import print_style as ps

MM = ps.MM
PAGE_W, PAGE_H = ps.PAGE_MM[0] * MM, ps.PAGE_MM[1] * MM  # in points
MARGIN_TOP, MARGIN_SIDE, MARGIN_BOTTOM = (
    ps.MARGIN_TOP_MM * MM,
    ps.MARGIN_SIDE_MM * MM,
    ps.MARGIN_BOTTOM_MM * MM,
)
CONTENT_W = PAGE_W - 2 * MARGIN_SIDE
PAD_X, PAD_Y = ps.CELL_PAD_MM[1] * MM, ps.CELL_PAD_MM[0] * MM
BORDER = ps.BORDER_PT
FAMILY = ps.FAMILY
BASE_PT, LINE = ps.BODY.size, ps.BODY.line
HEADER_BG = ps.rgb(ps.HEADER_GREY)
KPI_BG = ps.rgb(ps.KPI_GREY)
MARGIN_TEXT = ps.rgb(ps.MARGIN_GREY)
PANGO_SCALE = 1024
WRAP_WORD_CHAR = 2
ALIGN = {"left": 0, "center": 1, "right": 2}

_CDEF = """
typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;
typedef int cairo_status_t;
typedef cairo_status_t (*cairo_write_func_t)(void *, const unsigned char *, unsigned int);
cairo_surface_t *cairo_pdf_surface_create_for_stream(
    cairo_write_func_t write_func, void *closure, double width, double height);
void cairo_pdf_surface_set_metadata(cairo_surface_t *surface, int metadata, const char *utf8);
cairo_t *cairo_create(cairo_surface_t *target);
void cairo_destroy(cairo_t *cr);
void cairo_surface_finish(cairo_surface_t *surface);
void cairo_surface_destroy(cairo_surface_t *surface);
cairo_status_t cairo_surface_status(cairo_surface_t *surface);
void cairo_show_page(cairo_t *cr);
void cairo_move_to(cairo_t *cr, double x, double y);
void cairo_line_to(cairo_t *cr, double x, double y);
void cairo_rectangle(cairo_t *cr, double x, double y, double width, double height);
void cairo_stroke(cairo_t *cr);
void cairo_fill(cairo_t *cr);
void cairo_set_line_width(cairo_t *cr, double width);
void cairo_set_source_rgb(cairo_t *cr, double red, double green, double blue);

typedef struct _PangoLayout PangoLayout;
typedef struct _PangoContext PangoContext;
typedef struct _PangoFontDescription PangoFontDescription;
typedef struct _PangoAttrList PangoAttrList;
typedef struct _PangoAttribute { const void *klass; unsigned int start_index;
                                 unsigned int end_index; } PangoAttribute;
PangoLayout *pango_cairo_create_layout(cairo_t *cr);
void pango_cairo_update_layout(cairo_t *cr, PangoLayout *layout);
void pango_cairo_show_layout(cairo_t *cr, PangoLayout *layout);
void pango_layout_set_text(PangoLayout *layout, const char *text, int length);
void pango_layout_set_markup(PangoLayout *layout, const char *markup, int length);
void pango_layout_set_width(PangoLayout *layout, int width);
void pango_layout_set_wrap(PangoLayout *layout, int wrap);
void pango_layout_set_alignment(PangoLayout *layout, int alignment);
void pango_layout_set_font_description(PangoLayout *layout, const PangoFontDescription *desc);
void pango_layout_set_attributes(PangoLayout *layout, PangoAttrList *attrs);
void pango_layout_get_size(PangoLayout *layout, int *width, int *height);
int pango_layout_get_line_count(PangoLayout *layout);
PangoFontDescription *pango_font_description_from_string(const char *str);
PangoAttrList *pango_attr_list_new(void);
void pango_attr_list_insert(PangoAttrList *list, PangoAttribute *attr);
void pango_attr_list_unref(PangoAttrList *list);
PangoAttribute *pango_attr_line_height_new_absolute(int height);
void g_object_unref(void *object);
PangoContext *pango_layout_get_context(PangoLayout *layout);
void pango_cairo_context_set_resolution(PangoContext *context, double dpi);
void pango_layout_context_changed(PangoLayout *layout);
void pango_context_set_round_glyph_positions(PangoContext *context, int round_positions);
typedef struct _cairo_font_options cairo_font_options_t;
cairo_font_options_t *cairo_font_options_create(void);
void cairo_font_options_destroy(cairo_font_options_t *options);
void cairo_font_options_set_hint_metrics(cairo_font_options_t *options, int hint_metrics);
void cairo_font_options_set_hint_style(cairo_font_options_t *options, int hint_style);
void pango_cairo_context_set_font_options(PangoContext *context,
                                          const cairo_font_options_t *options);
"""


@cache
def _libs() -> tuple[Any, Any, Any, Any]:
    from cffi import FFI  # type: ignore[import-untyped]

    ffi = FFI()
    ffi.cdef(_CDEF)
    cairo = ffi.dlopen("libcairo.so.2")
    pangocairo = ffi.dlopen("libpangocairo-1.0.so.0")
    pango = ffi.dlopen("libpango-1.0.so.0")
    gobject = ffi.dlopen("libgobject-2.0.so.0")
    return ffi, cairo, pango, (pangocairo, gobject)


def available() -> bool:
    """Whether cairo and PangoCairo load here (and pypdf, which joins the summary pages)."""
    try:
        _libs()
        import pypdf  # noqa: F401
    except (ImportError, OSError, AttributeError):
        return False
    return True


# --- the page model ---------------------------------------------------------------------


@dataclass
class Cell:
    """One cell: its grid column, span, the text (plain or Pango markup) and its style."""

    col: int
    colspan: int
    rowspan: int
    text: str
    markup: bool = False
    bold: bool = False
    size: float = BASE_PT
    line: float = BASE_PT * LINE
    align: str = "left"
    valign: str = "top"
    bg: tuple[float, float, float] | None = None
    stack: bool = False  # the role cells: one character per line in a 1.15em column
    grid: tuple[float, ...] = ps.COLUMNS  # the table's column widths (%)
    pad_x: float = PAD_X
    pad_y: float = PAD_Y
    height: float = 0.0  # measured content height


@dataclass
class Row:
    cells: list[Cell]
    running: str
    keep_with_previous: bool  # tr.cont { break-before: avoid }
    height: float = 0.0
    spans: list[Cell] = field(default_factory=list)  # rowspan > 1 cells starting here
    span_need: float = 0.0  # the tallest of them: a row cannot break, so it must fit too


def _x(cell: Cell) -> float:
    return MARGIN_SIDE + CONTENT_W * sum(cell.grid[: cell.col]) / 100


def _width(cell: Cell) -> float:
    return CONTENT_W * sum(cell.grid[cell.col : cell.col + cell.colspan]) / 100


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _small(text: str, size: float = ps.SMALL.size, line: float | None = None) -> str:
    """A run in a smaller size (its own line height when it is a line of its own)."""
    height = f' line_height="{int(line * PANGO_SCALE)}"' if line else ""
    return f'<span size="{int(size * PANGO_SCALE)}"{height}>{_esc(text)}</span>'


def _rows(context: dict[str, Any]) -> list[Row]:
    """The table body as rows of cells, from the same prepared rows as the HTML template."""
    rows: list[Row] = []
    for group in context["groups"]:
        for r in group["rows"]:
            kpi = r["kind"] == "kpi"
            bg = KPI_BG if kpi else None
            cells: list[Cell] = []
            # the role and sub-role cells, merged down their rows, their titles stacked
            for col, key in ((0, "role_cell"), (1, "sub_cell")):
                if c := r.get(key):
                    cells.append(
                        Cell(
                            col,
                            c.get("colspan", 1),
                            c["rowspan"],
                            f"{c['label']} {c['title']}",
                            bold=True,
                            align="center",
                            bg=bg,
                            stack=True,
                            line=BASE_PT * ps.STACK_LINE,
                        )
                    )
            if kpi:
                if r["first"]:
                    cells.append(Cell(2, 3, r["rowspan"], "【基本KPI】", align="center", bg=bg))
            elif r["first"]:
                p = r["project"]
                span = r["rowspan"]
                cells.append(Cell(2, 1, span, str(p.number), align="center"))
                name = f"<b>{_esc(p.name)}</b>"
                if r.get("project_ref"):
                    name += " " + _small(f"※{r['project_ref']}")
                cells.append(Cell(3, 1, span, name, markup=True))
                cells.append(Cell(4, 1, span, p.summary or ""))
            ind = r["ind"]
            cells.append(Cell(5, 1, 1, ind["name"], bg=bg))
            cells.append(Cell(6, 1, 1, ind["baseline"], bg=bg))
            cells.append(Cell(7, 1, 1, ind["target"], bg=bg))
            if ind["actual_computed"]:
                calc = _small(f"算出 {ind['actual_computed']}", line=ps.SMALL.leading)
                actual = _esc(ind["actual"]) + "\n" + calc
                cells.append(Cell(8, 1, 1, actual, markup=True, bg=bg))
            else:
                cells.append(Cell(8, 1, 1, ind["actual"], bg=bg))
            cells.append(_rating_cell(r, bg))
            if kpi:
                cells.append(Cell(10, 1, 1, r["notes"], bg=bg))
            elif r["first"]:
                cells.append(Cell(10, 1, r["rowspan"], r["notes"]))
            rows.append(Row(cells, r["running"], keep_with_previous=not r["first"]))
    return rows


def _rating_cell(r: dict[str, Any], bg: tuple[float, float, float] | None) -> Cell:
    ind = r["ind"]
    parts = []
    if ind["rating"]:
        parts.append(_esc(ind["rating"]["symbol"]))
    if ind["ref"]:
        parts.append(
            _small(f"公表{ind['published']['symbol']} ※{ind['ref']}", line=ps.SMALL.leading)
        )
    if r.get("project_published"):
        pub = f"事業公表{r['project_published']['symbol']} ※{r['project_ref']}"
        parts.append(_small(pub, line=ps.SMALL.leading))
    return Cell(
        9,
        1,
        1,
        "\n".join(parts),
        markup=True,
        size=ps.RATING.size,
        line=ps.RATING.leading,
        align="center",
        bg=bg,
    )


# --- measuring and drawing ---------------------------------------------------------------


class _Painter:
    """One cairo PDF surface and one Pango layout reused for every cell."""

    def __init__(self) -> None:
        self.ffi, self.cairo, self.pango, (self.pangocairo, self.gobject) = _libs()
        self.chunks: list[bytes] = []
        self._write = self.ffi.callback("cairo_write_func_t", self._on_write)
        self.surface = self.cairo.cairo_pdf_surface_create_for_stream(
            self._write, self.ffi.NULL, PAGE_W, PAGE_H
        )
        self.cr = self.cairo.cairo_create(self.surface)
        self.layout = self.pangocairo.pango_cairo_create_layout(self.cr)
        self.pango.pango_layout_set_wrap(self.layout, WRAP_WORD_CHAR)
        # 72 dpi: one Pango point is one PDF unit; glyph advances unrounded (hinted metrics
        # round every advance to a whole point: 7 instead of 6.5)
        pango_context = self.pango.pango_layout_get_context(self.layout)
        self.pangocairo.pango_cairo_context_set_resolution(pango_context, 72.0)
        options = self.cairo.cairo_font_options_create()
        self.cairo.cairo_font_options_set_hint_metrics(options, 2)  # CAIRO_HINT_METRICS_OFF
        self.cairo.cairo_font_options_set_hint_style(options, 1)  # CAIRO_HINT_STYLE_NONE
        self.pangocairo.pango_cairo_context_set_font_options(pango_context, options)
        self.cairo.cairo_font_options_destroy(options)
        self.pango.pango_context_set_round_glyph_positions(pango_context, 0)
        self.pango.pango_layout_context_changed(self.layout)
        self.attrs: dict[float, Any] = {}
        self.fonts: dict[tuple[float, bool], Any] = {}
        self.lines: dict[int, Any] = {}
        self.size = self.ffi.new("int[2]")

    def _on_write(self, _closure: Any, data: Any, length: int) -> int:
        self.chunks.append(bytes(self.ffi.buffer(data, length)))
        return 0

    def font(self, size: float, bold: bool) -> Any:
        key = (size, bold)
        if key not in self.fonts:
            weight = " Bold" if bold else ""
            self.fonts[key] = self.pango.pango_font_description_from_string(
                f"{FAMILY}{weight} {size}".encode()
            )
        return self.fonts[key]

    def set(
        self,
        text: str,
        width: float,
        *,
        size: float = BASE_PT,
        bold: bool = False,
        line: float = BASE_PT * LINE,
        align: str = "left",
        markup: bool = False,
    ) -> float:
        """Put ``text`` into the layout; its height in points."""
        p = self.pango
        p.pango_layout_set_font_description(self.layout, self.font(size, bold))
        p.pango_layout_set_width(self.layout, int(max(width, 1) * PANGO_SCALE))
        p.pango_layout_set_alignment(self.layout, ALIGN[align])
        if markup:
            data = f'<span line_height="{int(line * PANGO_SCALE)}">{text}</span>'.encode()
            p.pango_layout_set_markup(self.layout, data, len(data))
        else:
            attrs = self.attrs.get(line)
            if attrs is None:
                attrs = self.attrs[line] = p.pango_attr_list_new()
                p.pango_attr_list_insert(
                    attrs, p.pango_attr_line_height_new_absolute(int(line * PANGO_SCALE))
                )
            p.pango_layout_set_attributes(self.layout, attrs)
            data = text.encode()
            p.pango_layout_set_text(self.layout, data, len(data))
        if not text:
            return 0.0
        if not markup:  # one line height: lines × line-height, as CSS has it
            return float(p.pango_layout_get_line_count(self.layout)) * line
        p.pango_layout_get_size(self.layout, self.size, self.size + 1)
        return float(self.size[1]) / PANGO_SCALE

    def show(self, x: float, y: float) -> None:
        self.cairo.cairo_move_to(self.cr, x, y)
        self.pangocairo.pango_cairo_show_layout(self.cr, self.layout)

    def rgb(self, color: tuple[float, float, float]) -> None:
        self.cairo.cairo_set_source_rgb(self.cr, *color)

    def finish(self) -> bytes:
        for attrs in self.attrs.values():
            self.pango.pango_attr_list_unref(attrs)
        self.gobject.g_object_unref(self.layout)
        self.cairo.cairo_destroy(self.cr)
        self.cairo.cairo_surface_finish(self.surface)
        self.cairo.cairo_surface_destroy(self.surface)
        return b"".join(self.chunks)


def _cell_box(cell: Cell) -> tuple[float, float]:
    """x and width of the cell's content box (border-collapse: half a border each side)."""
    return _x(cell) + BORDER / 2 + cell.pad_x, _width(cell) - BORDER - 2 * cell.pad_x


def _set(painter: _Painter, cell: Cell, width: float) -> float:
    """Lay the cell's text out in ``width`` with its style; its height."""
    return painter.set(
        cell.text,
        width,
        size=cell.size,
        bold=cell.bold,
        line=cell.line,
        align=cell.align,
        markup=cell.markup,
    )


def _measure(painter: _Painter, cell: Cell) -> float:
    _, width = _cell_box(cell)
    if cell.stack:
        width = ps.STACK_EM * BASE_PT
    cell.height = _set(painter, cell, width)
    return cell.height + 2 * cell.pad_y + BORDER


def _draw_text(painter: _Painter, cell: Cell, top: float, height: float) -> None:
    x, width = _cell_box(cell)
    if cell.stack:
        x, width = x + (width - ps.STACK_EM * BASE_PT) / 2, ps.STACK_EM * BASE_PT
    _set(painter, cell, width)
    y = top + BORDER / 2 + cell.pad_y
    if cell.valign == "middle":
        y += max(0.0, (height - BORDER - 2 * cell.pad_y - cell.height) / 2)
    painter.show(x, y)


def _layout_rows(painter: _Painter, rows: list[Row]) -> None:
    """Row heights: the tallest one-row cell; a spanning cell's extra height goes to the
    last row it spans (as WeasyPrint does)."""
    for row in rows:
        row.height = max((_measure(painter, c) for c in row.cells if c.rowspan == 1), default=0)
        row.spans = [c for c in row.cells if c.rowspan > 1]
    for i, row in enumerate(rows):
        for c in row.spans:
            need = _measure(painter, c)
            row.span_need = max(row.span_need, need)
            last = min(i + c.rowspan, len(rows)) - 1
            have = sum(r.height for r in rows[i : last + 1])
            if need > have:
                rows[last].height += need - have


def _paginate(
    rows: list[Row], first_top: float, top: float, header: float, start: int = 0
) -> list[list[int]]:
    """Row indexes per page: rows whole, a project's rows together when they fit a page."""
    blocks: list[list[int]] = []
    for i, row in enumerate(rows[start:], start=start):
        if row.keep_with_previous and blocks:
            blocks[-1].append(i)
        else:
            blocks.append([i])
    bottom = PAGE_H - MARGIN_BOTTOM + 0.01
    pages: list[list[int]] = [[]]
    y = first_top + header
    for block in blocks:
        # the block's height, and what it needs to fit: a row cannot break, so the cells
        # spanning down from it (the role, the project) must fit on the page too
        h = need = 0.0
        for i in block:
            need = max(need, h + rows[i].height, h + rows[i].span_need)
            h += rows[i].height
        if y + need > bottom and pages[-1]:
            pages.append([])
            y = top + header
        if y + need <= bottom:
            pages[-1].extend(block)
            y += h
            continue
        for i in block:  # a block taller than a page: break between its rows
            if y + rows[i].height > bottom and pages[-1]:
                pages.append([])
                y = top + header
            pages[-1].append(i)
            y += rows[i].height
    return pages if pages[-1] or len(pages) == 1 else pages[:-1]


class Drawing:
    """The pages cairo draws for a prepared ``context`` (:func:`render_html.context`): the
    title, caption and table first, and the differences (公表された評価と算出した評価の違い)
    that do not fit on the summary page WeasyPrint lays out, last.  Measured and paginated
    when made (``table_pages``, ``diff_pages``, ``diffs_in_summary``), drawn by :meth:`draw`.
    """

    DRAFT = "この一覧は公表前のものです。数値と評価は変わることがあります。"

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context
        self.painter = painter = _Painter()
        self.rows = _rows(context)
        _layout_rows(painter, self.rows)
        self.header = [
            Cell(col, span, 1, label, bold=True, align="center", valign="middle", bg=HEADER_BG)
            for col, span, label in _header_columns(context)
        ]
        self.header_h = max((_measure(painter, h) for h in self.header), default=0)
        self.title = context["title"] + ("（未公表）" if context["draft"] else "")
        self.caption = f"{context['year']}年度（{context['wareki']}）連携事業の評価指標と実施状況"
        self.legend = "＜評価凡例＞" + "　".join(
            f"{s.symbol}：{s.label}" for s in context["legend"]
        )
        # h1 (13pt bold, 1.5mm below), the draft note (1.5mm below), the caption (1mm below)
        self.y_draft = MARGIN_TOP + painter.set(self.title, CONTENT_W, **H1) + ps.H1_BELOW_MM * MM
        draft_h = painter.set(self.DRAFT, CONTENT_W, bold=True) + ps.PARAGRAPH_BELOW_MM * MM
        self.y_caption = self.y_draft + (draft_h if context["draft"] else 0)
        cap_h = painter.set(self.caption, CONTENT_W, bold=True) + ps.CAPTION_BELOW_MM * MM
        self.y_table = self.y_caption + cap_h
        self.page_rows = _paginate(self.rows, self.y_table, MARGIN_TOP, self.header_h)
        self.table_pages = len(self.page_rows)
        self._differences(context.get("differences") or [])

    def _differences(self, differences: list[dict[str, Any]]) -> None:
        painter = self.painter
        self.diff_header = [
            _diff_cell(col, label, bold=True, align="center", valign="middle", bg=HEADER_BG)
            for col, label in enumerate(DIFF_COLUMNS)
        ]
        self.diff_header_h = max(_measure(painter, h) for h in self.diff_header)
        self.diff_rows = [_diff_row(d) for d in differences]
        _layout_rows(painter, self.diff_rows)
        room = CONTENT_H - SUMMARY_OVERVIEW - self.diff_header_h - NOTE_H
        used, n = 0.0, 0
        for row in self.diff_rows:
            if used + row.height > room:
                break
            used, n = used + row.height, n + 1
        #: how many differences the summary page (WeasyPrint) shows; cairo draws the rest
        self.diffs_in_summary = n
        self.diff_page_rows = (
            _paginate(self.diff_rows, MARGIN_TOP, MARGIN_TOP, self.diff_header_h, start=n)
            if n < len(self.diff_rows)
            else []
        )
        self.diff_pages = len(self.diff_page_rows)

    def draw(self, total: int | None = None, diff_first: int | None = None) -> bytes:
        """The PDF of the table pages and of the differences' pages, numbered ``n / total``
        (the differences from ``diff_first`` on, after the summary pages)."""
        painter, c = self.painter, self.painter.cairo
        total = total or self.table_pages + self.diff_pages
        try:
            c.cairo_set_line_width(painter.cr, BORDER)
            for number, page in enumerate(self.page_rows, start=1):
                if number == 1:
                    self._first_page_head()
                    y = self.y_table
                else:
                    running = self.rows[page[0]].running if page else ""
                    _margin_top(painter, self.title, f"役割 {running}", self.legend)
                    y = MARGIN_TOP
                for cell in self.header:
                    _draw_cell(painter, cell, y, self.header_h, True, True)
                _draw_page_rows(painter, self.rows, page, y + self.header_h)
                _page_number(painter, number, total)
            first = diff_first or self.table_pages + 1
            for k, page in enumerate(self.diff_page_rows):
                _margin_top(painter, self.title, "", self.legend)
                y = MARGIN_TOP
                for cell in self.diff_header:
                    _draw_cell(painter, cell, y, self.diff_header_h, True, True)
                y = _draw_page_rows(painter, self.diff_rows, page, y + self.diff_header_h)
                if k == len(self.diff_page_rows) - 1:
                    painter.rgb((0, 0, 0))
                    painter.set(NOTE, CONTENT_W, size=ps.NOTE.size, line=ps.NOTE.leading)
                    painter.show(MARGIN_SIDE, y + ps.TABLE_BELOW_MM * MM)
                _page_number(painter, first + k, total)
        finally:
            pdf = painter.finish()
        return pdf

    def _first_page_head(self) -> None:
        painter = self.painter
        painter.rgb((0, 0, 0))
        painter.set(self.title, CONTENT_W, **H1)
        painter.show(MARGIN_SIDE, MARGIN_TOP)
        if self.context["draft"]:
            painter.set(self.DRAFT, CONTENT_W, bold=True)
            painter.show(MARGIN_SIDE, self.y_draft)
        painter.set(self.caption, CONTENT_W, bold=True)
        painter.show(MARGIN_SIDE, self.y_caption)
        painter.set(self.legend, CONTENT_W, align="right")
        painter.show(MARGIN_SIDE, self.y_caption)


def _page_number(painter: _Painter, number: int, total: int) -> None:
    painter.rgb((0, 0, 0))
    painter.set(
        f"{number} / {total}",
        CONTENT_W,
        size=ps.PAGE_NUMBER.size,
        line=ps.PAGE_NUMBER.leading,
        align="center",
    )
    painter.show(MARGIN_SIDE, PAGE_H - MARGIN_BOTTOM + (MARGIN_BOTTOM - 8 * LINE) / 2)
    painter.cairo.cairo_show_page(painter.cr)


CONTENT_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
#: Height kept on the summary page for the share, the distribution table and the chart
#: above the differences (they take about 190 pt; the rest is margin for safety).
SUMMARY_OVERVIEW = 300.0
NOTE = (
    "評価欄は実績値と目標値から算出した評価（修正されたものは修正後の評価）です。"
    "公表された評価と違うものには「公表」と注の番号を付けています。"
)
NOTE_H = (ps.TABLE_BELOW_MM + ps.PARAGRAPH_BELOW_MM) * MM + ps.NOTE.leading
DIFF_COLUMNS = ("注", "連携事業", "評価指標", "公表", "算出", "理由")


def _diff_cell(col: int, text: str, **style: Any) -> Cell:
    """A cell of the differences table (.summary .diff: 7.5pt, padding 0.8mm 1.5mm)."""
    style.setdefault("line", ps.DIFF.size * (ps.RATING.line if col in (3, 4) else ps.DIFF.line))
    if col in (3, 4):
        style.setdefault("align", "center")
    return Cell(
        col,
        1,
        1,
        text,
        size=ps.DIFF.size,
        grid=ps.DIFF_COLUMNS,
        pad_x=ps.DIFF_PAD_MM[1] * MM,
        pad_y=ps.DIFF_PAD_MM[0] * MM,
        **style,
    )


def _diff_row(d: dict[str, Any]) -> Row:
    texts = (f"※{d['ref']}", d["where"], d["indicator"], d["published"], d["computed"], d["reason"])
    return Row([_diff_cell(col, str(t or "")) for col, t in enumerate(texts)], "", False)


H1: dict[str, Any] = {"size": ps.H1.size, "bold": True, "line": ps.H1.leading}


def _header_columns(context: dict[str, Any]) -> list[tuple[int, int, str]]:
    out, col = [], 0
    for column in context["columns"]:
        out.append((col, column["span"], column["label"]))
        col += column["span"]
    return out


def _margin_top(painter: _Painter, title: str, role: str, legend: str) -> None:
    painter.rgb(MARGIN_TEXT)
    bottom = MARGIN_TOP - ps.MARGIN_TEXT_GAP_MM * MM
    third = CONTENT_W / 3
    for text, x, width, align in (
        (title, MARGIN_SIDE, CONTENT_W, "left"),
        (role, MARGIN_SIDE + third * 0.5, third * 2, "center"),
        (legend, MARGIN_SIDE, CONTENT_W, "right"),
    ):
        h = painter.set(
            text, width, size=ps.MARGIN_TEXT.size, line=ps.MARGIN_TEXT.leading, align=align
        )
        painter.show(x, bottom - h)


def _draw_cell(
    painter: _Painter, cell: Cell, top: float, height: float, text: bool, closed: bool
) -> None:
    c, cr = painter.cairo, painter.cr
    x, w = _x(cell), _width(cell)
    if cell.bg:
        painter.rgb(cell.bg)
        c.cairo_rectangle(cr, x, top, w, height)
        c.cairo_fill(cr)
    painter.rgb((0, 0, 0))
    if text and cell.text:
        _draw_text(painter, cell, top, height)
    c.cairo_move_to(cr, x, top + height)
    c.cairo_line_to(cr, x, top)
    c.cairo_line_to(cr, x + w, top)
    c.cairo_line_to(cr, x + w, top + height)
    if closed:
        c.cairo_line_to(cr, x, top + height)
    c.cairo_stroke(cr)


def _draw_page_rows(painter: _Painter, rows: list[Row], page: list[int], top: float) -> float:
    """The rows of one page (a spanning cell continued from an earlier page is drawn empty);
    the bottom of the last row."""
    if not page:
        return top
    first, last = page[0], page[-1]
    ys: dict[int, float] = {}
    y = top
    for i in page:
        ys[i] = y
        y += rows[i].height
    ys[last + 1] = y
    # spanning cells that started on an earlier page and reach into this one
    for j in range(first - 1, -1, -1):
        for cell in rows[j].spans:
            end = j + cell.rowspan
            if end > first:
                stop = min(end, last + 1)
                _draw_cell(painter, cell, top, ys[stop] - top, False, end <= last + 1)
    for i in page:
        row = rows[i]
        for cell in row.cells:
            end = i + cell.rowspan
            stop = min(end, last + 1)
            _draw_cell(painter, cell, ys[i], ys[stop] - ys[i], True, end <= last + 1)
    return ys[last + 1]
