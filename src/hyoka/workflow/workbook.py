"""The entry workbook ("Excel for small towns"): one municipality's rows, pre-filled, to fill in
Excel and upload back.

:func:`build_workbook` writes it; :func:`apply_workbook` reads it back, checks every changed cell
first and only then enters the changes through :mod:`hyoka.workflow.services` in one transaction,
so each lands in the audit trail with the uploader's name.  A workbook with any problem changes
nothing.

Sheets: 説明 (instructions, and the workbook's plan, year and municipality), 実績値 (indicators of
the projects the municipality leads), 市町村ごとの値 (its own part of indicators that add up the
municipalities' values) and 実施状況 (progress notes of the projects it leads).  White cells are
editable; grey ones are locked (sheet protection without a password); a hidden ``ID`` column
and the ``版`` (version) column tie each row back to the database.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from hyoka.core.spreadsheet import printable
from hyoka.core.values import explain
from hyoka.evaluation.models import Contribution, IndicatorYear, PlanYear, ProjectYear
from hyoka.evaluation.services import rubric_of
from hyoka.gate import TextRefused, clean_text
from hyoka.ingest.limits import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED,
    far_cell,
    shorten,
    unpacked_size,
)
from hyoka.plans.models import Indicator, Municipality, Project
from hyoka.workflow import entering, services, slips
from hyoka.workflow.cycle import EDITABLE, actual_open

HELP, ACTUALS, PARTS, NOTES = "説明", "実績値", "市町村ごとの値", "実施状況"
#: what the 事業番号 and 連携事業名 cells of a headline KPI's row say
KPI = "基本KPI"
EXAMPLES = "例: 12社、約79,600人、1回（予定）、ない場合は -"
NO_ROW = (
    "この年度の入力欄が見つかりません。行を追加・コピーせず、ダウンロードした表に入力してください。"
)
NUMERIC = ("quantity", "compound", "none")


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    editable: bool = False
    hidden: bool = False


def _columns(*spec: tuple[Any, ...]) -> tuple[Column, ...]:
    """``(header, width)``, plus ``"e"`` for an editable column or ``"h"`` for a hidden one."""
    return tuple(Column(s[0], s[1], editable="e" in s[2:], hidden="h" in s[2:]) for s in spec)


NOTE = "説明（△・×のとき必須）"
OVERRIDE, OVERRIDE_REASON = "評価（修正）", "評価修正の理由"
ACTUAL_COLUMNS = _columns(
    ("事業番号", 6), ("連携事業名", 22), ("指標番号", 6), ("評価指標", 32), ("基準値", 14),
    ("目標値", 14), ("前年度の実績値", 14), ("実績値", 16, "e"), (NOTE, 30, "e"),
    ("評価（自動）", 8), (OVERRIDE, 9, "e"), (OVERRIDE_REASON, 24, "e"), ("版", 5), ("ID", 38, "h"),
)  # fmt: skip
PART_COLUMNS = _columns(
    ("事業番号", 6), ("連携事業名", 22), ("指標番号", 6), ("評価指標", 32), ("目標値", 14),
    ("集計方法", 10), ("合計（自動）", 14), ("団体コード", 9), ("市町村名", 10),
    ("前年度の値", 14), ("値", 16, "e"), ("版", 5), ("ID", 38, "h"),
)  # fmt: skip
NOTE_COLUMNS = _columns(
    ("事業番号", 6), ("連携事業名", 30), ("状態", 10), ("差戻しの理由", 24),
    ("実施状況", 70, "e"), ("版", 5), ("ID", 8, "h"),
)  # fmt: skip
SHEETS = {ACTUALS: ACTUAL_COLUMNS, PARTS: PART_COLUMNS, NOTES: NOTE_COLUMNS}
TEXT_COLUMNS = {"団体コード", "ID"}
HELP_TEXT = f"""入力のしかた
1. 「{ACTUALS}」シートには、{{org}}が幹事の事業の評価指標が並んでいます。白い欄（実績値・説明・評価（修正）・評価修正の理由）だけを入力してください。灰色の欄は変更しないでください（保護されています）。
2. 実績値は一覧と同じ書き方で書きます。例: 12社、約79,600人、1回（予定）、2019年度、常時。実績がないときは「-」と書きます。目標値が数量の指標は、数値と単位で書いてください。
3. まだ確定していない値には（見込）（予定）を付けてください。決算後に確定値に置き換えます。
4. 評価が△または×になる指標は、「{NOTE}」に理由や今後の見込みを書いてください。書いていないと取り込めません。
5. 自動の評価を修正するときだけ「{OVERRIDE}」で記号を選び、「{OVERRIDE_REASON}」を必ず書いてください。
6. 「{PARTS}」シートには、参加する事業のうち市町村ごとの値を集計する指標について、{{org}}の値を書きます。合計は自動で計算されます。
7. 「{NOTES}」シートには、幹事の事業の実施状況（会議の開催、取組の内容など）を書きます。
8. 行・列の追加・削除・移動、シート名の変更はしないでください。「版」と非表示の「ID」の列は取込に使います。提出済み・承認済みの事業の行は灰色で、変更できません。
9. 入力が終わったら、Excel ブック（.xlsx）のまま保存し、Hyoka の入力ページからアップロードしてください。問題があるときは何も取り込まれず、シート・行・列と理由が表示されます。直して、もう一度アップロードしてください。
10. ダウンロードした後にほかの人が同じ欄を変更していたときは、その行は取り込まれません（競合）。最新の表をダウンロードし直してください。
入力期限: {{due}}"""

GREY = PatternFill("solid", fgColor="EDEDED")
WHITE = PatternFill("solid", fgColor="FFFFFF")
HEAD = PatternFill("solid", fgColor="1F3864")
HEAD_EDIT = PatternFill("solid", fgColor="375623")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LINE_HEIGHT = 15.0  # points per wrapped line (11pt; Japanese glyphs included)


class WorkbookError(Exception):
    """The upload is not a workbook Hyoka can read (not xlsx, sheets or columns changed)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One cell that cannot be taken over, with what was expected."""

    sheet: str
    row: int
    column: str  # the column letter
    header: str
    text: str
    message: str
    kind: str = "value"  # value | conflict | refused | warning | slip (a warning to confirm)

    def __str__(self) -> str:
        text = f"「{self.text}」 " if self.text else ""
        return f"「{self.sheet}」シート {self.row}行 {self.column}列（{self.header}）: {text}{self.message}"


class WorkbookRejected(Exception):
    """The workbook had problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"・{p}" for p in problems)
        super().__init__(f"{len(problems)}件の問題があるため、何も取り込んでいません。\n{lines}")


@dataclass(frozen=True)
class AppliedChange:
    sheet: str
    row: int
    label: str
    before: str
    after: str
    rating_before: str = ""
    rating: str = ""
    reason: str = ""

    def __str__(self) -> str:
        rating = f"（評価 {self.rating_before or '-'} → {self.rating}）" if self.rating else ""
        return f"{self.label}: 「{self.before}」 → 「{self.after}」{rating}"


@dataclass
class ApplyResult:
    source: str
    applied: list[AppliedChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unchanged: int = 0
    #: rows not touched in the workbook whose value someone else changed since: kept as saved
    kept: list[str] = field(default_factory=list)


# --- writing ------------------------------------------------------------------------------


def _lines(value: Any, width: float) -> int:
    """Lines a wrapped cell needs (Excel does not fit row heights itself); CJK counts double."""
    w = [
        sum(1 + (unicodedata.east_asian_width(c) in "WF") for c in p)
        for p in str(value).split("\n")
    ]
    return sum(max(1, math.ceil(n / max(1.0, width - 1))) for n in w)


def _write_sheet(
    wb: Workbook, title: str, columns: tuple[Column, ...], rows: list[tuple[dict[str, Any], bool]]
) -> Worksheet:
    """A protected sheet: header row, one row per dict; editable columns unlocked on open rows."""
    ws = wb.create_sheet(title)
    head_lines = 1
    for i, col in enumerate(columns, 1):
        cell = ws.cell(1, i, col.header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEAD_EDIT if col.editable else HEAD
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = BORDER
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        ws.column_dimensions[letter].hidden = col.hidden
        head_lines = max(head_lines, _lines(col.header, col.width))
    ws.row_dimensions[1].height = head_lines * LINE_HEIGHT + 4
    for r, (values, open_row) in enumerate(rows, 2):
        lines = 3 if title == NOTES and open_row else 1  # room to write the progress notes
        for i, col in enumerate(columns, 1):
            value = values.get(col.header)
            if isinstance(value, str):
                value = printable(value)
            cell = ws.cell(r, i, None if value in ("", None) else value)
            if isinstance(value, str) and cell.data_type == "f":
                cell.data_type = "s"  # a text typed as =…: text, never a formula
            editable = col.editable and open_row
            cell.protection = Protection(locked=not editable)
            cell.fill = WHITE if editable else GREY
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if col.editable or col.header in TEXT_COLUMNS:
                cell.number_format = "@"  # Excel keeps 75% or 011002 as typed
            if not col.hidden and value not in ("", None):
                lines = max(lines, _lines(value, col.width))
        ws.row_dimensions[r].height = min(lines, 30) * LINE_HEIGHT + 4
    ws.freeze_panes = "E2" if title == ACTUALS else "C2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False)
    return ws


def _letter(columns: tuple[Column, ...], header: str) -> str:
    return get_column_letter(next(i for i, c in enumerate(columns, 1) if c.header == header))


def _validations(ws: Worksheet, symbols: list[str], last: int) -> None:
    if last < 2:
        return
    rating = DataValidation(
        type="list", formula1='"' + ",".join(symbols) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle="評価（修正）", error="一覧の記号から選んでください。",
        showInputMessage=True, promptTitle="評価（修正）",
        prompt="自動の評価を修正するときだけ選び、右の欄に理由を書きます。",
    )  # fmt: skip
    rating.add(f"{_letter(ACTUAL_COLUMNS, OVERRIDE)}2:{_letter(ACTUAL_COLUMNS, OVERRIDE)}{last}")
    hint = DataValidation(showInputMessage=True, promptTitle="実績値", prompt=EXAMPLES)
    hint.add(f"{_letter(ACTUAL_COLUMNS, '実績値')}2:{_letter(ACTUAL_COLUMNS, '実績値')}{last}")
    ws.add_data_validation(rating)
    ws.add_data_validation(hint)


def build_workbook(plan_year: PlanYear, municipality: Municipality) -> bytes:
    """The pre-filled entry workbook of ``municipality`` for ``plan_year`` (xlsx bytes)."""
    plan, year = plan_year.plan, plan_year.fiscal_year
    years = {
        iy.indicator_id: iy
        for iy in IndicatorYear.objects.filter(indicator__plan=plan, fiscal_year=year)
    }
    states = {
        p.project_id: p for p in ProjectYear.objects.filter(project__plan=plan, fiscal_year=year)
    }
    open_year = plan_year.status == PlanYear.Status.OPEN

    def state(project: Project) -> str | None:
        return states[project.pk].state if project.pk in states else None

    actuals = []
    for ind in (
        Indicator.objects.filter(plan=plan, project__lead=municipality, aggregation="")
        .exclude(kind=Indicator.Kind.ACHIEVEMENT)
        .select_related("project")
        .order_by("project__number", "position")
    ):
        iy = years.get(ind.pk) or IndicatorYear(indicator=ind, fiscal_year=year)
        values = {
            "事業番号": ind.project.number, "連携事業名": ind.project.name, "指標番号": ind.position,
            "評価指標": ind.name, "基準値": ind.baseline_text, "目標値": ind.target_text,
            "前年度の実績値": iy.prefill_text, "実績値": iy.actual_text, NOTE: iy.note,
            "評価（自動）": iy.computed, OVERRIDE: iy.override, OVERRIDE_REASON: iy.override_reason,
            "版": iy.version, "ID": str(ind.uid),
        }  # fmt: skip
        actuals.append(
            (
                values,
                iy.pk is not None and actual_open(plan_year, state(ind.project), iy.provisional),
            )
        )
    # the headline KPIs (基本KPI) the plan names this municipality for; those it names no one
    # for are the secretariat's, in the central city's workbook
    kpis = (
        Q(lead=municipality) | Q(lead__isnull=True)
        if municipality.is_central
        else Q(lead=municipality)
    )
    for ind in (
        Indicator.objects.filter(plan=plan, kind=Indicator.Kind.HEADLINE)
        .filter(kpis)
        .order_by("position")
    ):
        iy = years.get(ind.pk) or IndicatorYear(indicator=ind, fiscal_year=year)
        values = {
            "事業番号": KPI, "連携事業名": KPI, "指標番号": ind.position, "評価指標": ind.name,
            "基準値": ind.baseline_text, "目標値": ind.target_text,
            "前年度の実績値": iy.prefill_text, "実績値": iy.actual_text, NOTE: iy.note,
            "評価（自動）": iy.computed, OVERRIDE: iy.override, OVERRIDE_REASON: iy.override_reason,
            "版": iy.version, "ID": str(ind.uid),
        }  # fmt: skip
        actuals.append((values, iy.pk is not None and open_year))

    aggregated = list(
        Indicator.objects.filter(plan=plan, project__isnull=False)
        .exclude(aggregation="")
        .filter(Q(project__lead=municipality) | Q(project__participants=municipality))
        .distinct()
        .select_related("project")
        .order_by("project__number", "position")
    )
    mine = {
        (c.indicator_id, c.fiscal_year): c
        for c in Contribution.objects.filter(
            indicator__in=[i.pk for i in aggregated],
            municipality=municipality,
            fiscal_year__in=(year - 1, year),
        )
    }
    parts = []
    for ind in aggregated:
        iy = years.get(ind.pk)
        c = mine.get((ind.pk, year)) or Contribution(text="", version=0)
        last = mine.get((ind.pk, year - 1))
        values = {
            "事業番号": ind.project.number, "連携事業名": ind.project.name, "指標番号": ind.position,
            "評価指標": ind.name, "目標値": ind.target_text, "集計方法": ind.get_aggregation_display(),
            "合計（自動）": iy.actual_text if iy else "", "団体コード": municipality.code,
            "市町村名": municipality.name, "前年度の値": last.text if last else "", "値": c.text,
            "版": c.version, "ID": str(ind.uid),
        }  # fmt: skip
        parts.append((values, iy is not None and open_year and state(ind.project) in EDITABLE))

    notes = []
    for project in Project.objects.filter(plan=plan, lead=municipality).order_by("number"):
        project_year = states.get(project.pk)
        values = {
            "事業番号": project.number, "連携事業名": project.name,
            "状態": project_year.get_state_display() if project_year else "", "差戻しの理由": project_year.comment if project_year else "",
            "実施状況": project_year.notes if project_year else "", "版": project_year.version if project_year else 0, "ID": str(project.number),
        }  # fmt: skip
        notes.append(
            (values, project_year is not None and open_year and project_year.state in EDITABLE)
        )

    wb = Workbook()
    _help_sheet(wb.active, plan_year, municipality)
    ws = _write_sheet(wb, ACTUALS, ACTUAL_COLUMNS, actuals)
    _validations(ws, [s.symbol for s in rubric_of(plan).symbols], len(actuals) + 1)
    _write_sheet(wb, PARTS, PART_COLUMNS, parts)
    _write_sheet(wb, NOTES, NOTE_COLUMNS, notes)
    wb.properties.title = f"{plan_year.title or plan} 入力用（{municipality.name}）"
    wb.properties.creator = "Hyoka"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _help_sheet(ws: Worksheet, plan_year: PlanYear, municipality: Municipality) -> None:
    deadline = plan_year.deadline
    due = f"{deadline.year}年{deadline.month}月{deadline.day}日" if deadline else "（未設定）"
    ws.title = HELP
    ws["A1"] = f"{plan_year.title or plan_year.plan} 入力用ブック（{municipality.name}）"
    ws["A1"].font = Font(bold=True, size=14)
    info = [
        ("計画", str(plan_year.plan)),
        ("年度", plan_year.fiscal_year),
        ("団体", municipality.name),
        ("団体コード", municipality.code),
        ("入力期限", due),
        ("作成日時", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ]
    for r, (label, value) in enumerate(info, 3):
        ws.cell(r, 1, label).font = Font(bold=True)
        ws.cell(r, 2, value).number_format = "@"
        ws.cell(r, 2).alignment = Alignment(horizontal="left")
    steps = HELP_TEXT.format(org=municipality.name, due=due).split("\n")
    for r, text in enumerate(steps, len(info) + 4):
        cell = ws.cell(r, 1, text)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(bold=r == len(info) + 4 or text.startswith("入力期限"))
        ws.row_dimensions[r].height = _lines(text, 110) * LINE_HEIGHT + 4
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 96
    ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False)


# --- reading back -------------------------------------------------------------------------


def _cell_text(cell: Cell) -> str:
    """A cell as the text a person meant (numbers Excel converted are written back as typed)."""
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, int | float) and not isinstance(v, bool):
        percent = "%" in (cell.number_format or "")
        number = Decimal(repr(round(v * 100 if percent else v, 9))).normalize()
        return f"{number:f}" + ("%" if percent else "")
    return _norm(str(v))


def _norm(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _load(data: bytes) -> Any:
    size = unpacked_size(data)
    if size is not None and size > MAX_UNPACKED:
        raise WorkbookError(
            f"展開すると{size / 2**20:,.0f}MBになるファイルです。入力用ブックは{MAX_UNPACKED // 2**20}MB"
            "以内です。Hyoka でダウンロードした表に入力してアップロードしてください。"
        )
    try:
        return load_workbook(BytesIO(data), data_only=True)
    except Exception as exc:  # zip, XML or openpyxl errors alike: not a workbook we can read
        raise WorkbookError(
            "Excelファイル（.xlsx）として読めません。Hyoka でダウンロードした表を、「Excel ブック (*.xlsx)」"
            "の形式で保存してアップロードしてください（.xls や .csv では読めません）。"
        ) from exc


def _check_meta(wb: Any, plan_year: PlanYear) -> None:
    if HELP not in wb.sheetnames:
        raise WorkbookError(
            f"「{HELP}」シートがありません。Hyoka でダウンロードした表を使ってください。"
        )
    info = {
        _cell_text(a): _cell_text(b)
        for a, b in wb[HELP].iter_rows(min_row=1, max_row=12, max_col=2)
    }
    if info.get("年度") != str(plan_year.fiscal_year):  # rows of another plan: unknown IDs
        raise WorkbookError(
            f"この表は「{info.get('計画') or '不明な計画'}」{info.get('年度') or '?'}年度のものです。"
            f"{plan_year.fiscal_year}年度の表をダウンロードして入力してください。"
        )


def _rows(wb: Any, name: str) -> list[tuple[int, dict[str, str]]]:
    """The sheet's filled rows as header → text, after checking its header row."""
    if name not in wb.sheetnames:
        raise WorkbookError(
            f"「{name}」シートがありません。シート名を変えずにアップロードしてください。"
        )
    ws, columns = wb[name], SHEETS[name]
    if far := far_cell(ws, MAX_ROWS, MAX_COLUMNS):
        far_row, far_col, value = far
        raise WorkbookError(
            f"「{name}」シートの{far_row}行 {get_column_letter(far_col)}列に「{shorten(str(value), 20)}」が"
            f"あります。表の外（{MAX_ROWS:,}行・{MAX_COLUMNS}列より先）には何も書かないでください。"
        )
    for rng in ws.merged_cells.ranges:
        raise WorkbookError(
            f"「{name}」シートの{rng.coord}が結合されています。セルの結合を解除し、"
            "1つのセルに1つの値を書いてアップロードしてください。"
        )
    head = [_cell_text(c) for c in next(ws.iter_rows(max_row=1, max_col=len(columns)), ())]
    for i, col in enumerate(columns):
        found = head[i] if i < len(head) else ""
        if found != col.header:
            raise WorkbookError(
                f"「{name}」シートの{get_column_letter(i + 1)}列は「{col.header}」のはずですが、"
                f"「{found or '（空欄）'}」になっています。列を移動・追加・削除せず、ダウンロードした形のまま"
                "アップロードしてください。"
            )
    rows = []
    last = min(ws.max_row, MAX_ROWS)
    for r, cells in enumerate(ws.iter_rows(min_row=2, max_row=last, max_col=len(columns)), 2):
        values = {col.header: _cell_text(c) for col, c in zip(columns, cells, strict=False)}
        if any(values.values()):
            rows.append((r, values))
    return rows


@dataclass
class _Pending:
    sheet: str
    row: int
    text: str
    fields: dict[str | None, str]  # the service's error field → header; None: the main column
    entry: entering.Entry
    applied: Callable[[], AppliedChange]  # what it changed, read after the save


class _Upload:
    """Checks the rows of one upload and collects the service calls that would take them over."""

    def __init__(self, user: Any, plan_year: PlanYear, result: ApplyResult) -> None:
        plan = plan_year.plan
        self.user, self.plan_year, self.year, self.result = (
            user,
            plan_year,
            plan_year.fiscal_year,
            result,
        )
        self.via = f"（Excel: {result.source}）"
        self.confirmed = False  # the warnings of its figures confirmed on upload
        self.pending: list[_Pending] = []
        indicators = Indicator.objects.filter(plan=plan).select_related("project")
        self.indicators = {str(i.uid): i for i in indicators}
        years = IndicatorYear.objects.filter(indicator__plan=plan, fiscal_year=self.year)
        self.years = {iy.indicator_id: iy for iy in years}
        self.projects = {p.number: p for p in Project.objects.filter(plan=plan)}
        self.symbols = [s.symbol for s in rubric_of(plan).symbols]

    def at(self, sheet: str, row: int) -> Callable[..., None]:
        """``problem(header, text, message, kind="value")`` for a cell of this row."""

        def problem(header: str, text: str, message: str, kind: str = "value") -> None:
            letter = _letter(SHEETS[sheet], header)
            p = Problem(sheet, row, letter, header, shorten(text, 60), message, kind)
            (self.result.warnings if kind == "warning" else self.result.problems).append(p)

        return problem

    def changed(
        self, sheet: str, row: int, obj: Any, fields: dict[str, str], v: dict[str, str]
    ) -> bool:
        """Whether the row changes ``obj`` (``fields``: model field → header).  A stale 版 is a
        conflict, unless the row was left as downloaded: then the newer saved value stays."""
        refused = False
        for name, header in fields.items():  # the gate: each cell's text, or its refusal
            try:
                v[header] = clean_text(type(obj), name, v[header], label=header)
            except TextRefused as exc:
                refused = True
                self.at(sheet, row)(header, v[header], exc.message)
        if refused:
            return False
        new = tuple(v[h] for h in fields.values())
        current = tuple(_norm(printable(getattr(obj, f))) for f in fields)  # as written
        if new == current:
            self.result.unchanged += 1
            return False
        version, problem = _int(v["版"]), self.at(sheet, row)
        if version is None:
            problem("版", v["版"], "版の欄が読めません。表をダウンロードし直してください。")
            return False
        if version == obj.version:
            return True
        history = obj.history.order_by("-history_date", "-history_id") if obj.pk else None
        then = history.filter(version=version).first() if history is not None else None
        if then is not None and tuple(_norm(getattr(then, f)) for f in fields) == new:
            self.result.kept.append(f"「{sheet}」シート {row}行")
            return False
        latest = history.first() if history is not None else None
        who = latest.history_user if latest and latest.history_user else "別の人"
        problem(
            next(iter(fields.values())),
            new[0],
            f"ダウンロードした後に{who}が変更しました（現在の値: 「{current[0]}」、版 {obj.version}）。"
            "最新の表をダウンロードし直して入力してください。",
            "conflict",
        )
        return False

    def actual(self, row: int, v: dict[str, str]) -> None:
        problem = self.at(ACTUALS, row)
        ind = self.indicators.get(v["ID"])
        iy = self.years.get(ind.pk) if ind else None
        headline = ind is not None and ind.kind == Indicator.Kind.HEADLINE
        if ind is None or iy is None or (ind.project is None and not headline) or ind.aggregation:
            return problem("ID", v["ID"], NO_ROW)
        fields = {"actual_text": "実績値", "note": NOTE, "override": OVERRIDE}
        if not self.changed(ACTUALS, row, iy, fields | {"override_reason": OVERRIDE_REASON}, v):
            return None
        text, note, override, reason = (v[h] for h in ("実績値", NOTE, OVERRIDE, OVERRIDE_REASON))
        before = len(self.result.problems)
        value = explain(text)
        why = f"（{value.reason}）" if value.reason else ""
        if text and text != _norm(iy.actual_text) and value.kind not in NUMERIC:
            if entering.requires_number(ind):
                expected = f"目標値「{ind.target_text}」に合わせて数値と単位で書いてください"
                problem("実績値", text, f"数値として読めません{why}。{expected}（{EXAMPLES}）。")
            elif value.kind == "text":
                problem("実績値", text, f"読み取れない記載です{why}。評価できません。", "warning")
        moved = (override, reason) != (_norm(iy.override), _norm(iy.override_reason))
        if moved and override and override not in self.symbols:
            problem(OVERRIDE, override, f"評価は {'・'.join(self.symbols)} から選んでください。")
        elif moved and override and not reason:
            problem(OVERRIDE_REASON, "", "評価を修正するときは、その理由を書いてください。")
        elif moved and reason and not override:
            problem(
                OVERRIDE,
                "",
                "理由だけでは評価は修正されません。記号を選ぶか、理由を消してください。",
            )
        if len(self.result.problems) > before:
            return None
        version = int(v["版"])
        where = f"事業{ind.project.number} 指標{ind.position}" if ind.project else KPI
        label = f"{where}「{ind.name}」"

        entry = entering.Actual(
            ind,
            text,
            version,
            note=note,
            override=override if moved else None,
            override_reason=reason if moved else None,
        )
        before_text, before_rating = iy.actual_text, iy.rating

        def applied() -> AppliedChange:
            now = IndicatorYear.objects.get(pk=iy.pk)
            change = (before_text, now.actual_text, before_rating, now.rating, now.reason)
            return AppliedChange(ACTUALS, row, label, *change)

        columns = {None: "実績値", "text": "実績値", "note": NOTE, "override": OVERRIDE}
        columns["override_reason"] = OVERRIDE_REASON
        self.pending.append(_Pending(ACTUALS, row, text, columns, entry, applied))
        return None

    def part(self, row: int, v: dict[str, str]) -> None:
        problem = self.at(PARTS, row)
        ind = self.indicators.get(v["ID"])
        iy = self.years.get(ind.pk) if ind else None
        if ind is None or iy is None or ind.project is None or not ind.aggregation:
            return problem("ID", v["ID"], NO_ROW)
        muni = Municipality.objects.filter(code=v["団体コード"]).first()
        if muni is None:
            return problem("団体コード", v["団体コード"], "団体コードが見つかりません。")
        key = {"indicator": ind, "fiscal_year": self.year, "municipality": muni}
        c = Contribution.objects.filter(**key).first() or Contribution(**key, text="")
        if not self.changed(PARTS, row, c, {"text": "値"}, v):
            return None
        text, value = v["値"], explain(v["値"])
        if text and value.kind not in ("quantity", "none"):
            why = f"（{value.reason}）" if value.reason else ""
            return problem(
                "値", text, f"数値として読めません{why}。数値と単位で書いてください（{EXAMPLES}）。"
            )
        version = int(v["版"])
        label = f"事業{ind.project.number} 指標{ind.position}「{ind.name}」 {muni.name}の値"

        entry = entering.Part(ind, muni, text, version)
        before_text, before_rating = c.text, iy.rating

        def applied() -> AppliedChange:
            after = IndicatorYear.objects.get(pk=iy.pk)
            return AppliedChange(
                PARTS, row, label, before_text, text, before_rating, after.rating, after.reason
            )

        self.pending.append(_Pending(PARTS, row, text, {None: "値"}, entry, applied))
        return None

    def notes(self, row: int, v: dict[str, str]) -> None:
        project = self.projects.get(_int(v["ID"]) or 0)
        project_year = ProjectYear.objects.filter(project=project, fiscal_year=self.year).first()
        if project is None or project_year is None:
            return self.at(NOTES, row)("ID", v["ID"], NO_ROW)
        if not self.changed(NOTES, row, project_year, {"notes": "実施状況"}, v):
            return None
        text, version = v["実施状況"], int(v["版"])

        entry = entering.Notes(project, text, version)
        change = AppliedChange(
            NOTES, row, f"事業{project.number} 実施状況", project_year.notes, text
        )
        self.pending.append(_Pending(NOTES, row, text, {None: "実施状況"}, entry, lambda: change))
        return None


def _run(upload: _Upload, result: ApplyResult) -> None:
    """Every row in one save (:func:`hyoka.workflow.entering.save`): all taken over, or none
    and every refusal named by its cell (also when the rows had problems of their own: then
    the save is a trial that finds the rest, and is rolled back)."""
    pending = upload.pending
    if not pending:
        return
    by_entry = {id(p.entry): p for p in pending}
    with transaction.atomic():
        try:
            entering.save(
                upload.user,
                upload.plan_year,
                [p.entry for p in pending],
                confirmed=upload.confirmed,
                via=upload.via,
            )
        except entering.SaveRefused as exc:
            result.problems += [_refusal(by_entry[id(e)], error) for e, error in exc.errors]
        if result.problems:  # a trial run that found the remaining problems
            transaction.set_rollback(True)
            return
        result.applied.extend(p.applied() for p in pending)


def _refusal(p: _Pending, exc: services.WorkflowError) -> Problem:
    header = p.fields.get(exc.field) or p.fields[None]
    kind = "conflict" if isinstance(exc, services.Conflict) else "refused"
    if isinstance(exc, slips.SlipsToConfirm):
        kind, message = (
            "slip",
            "／".join(s.message for s in exc.slips)
            + (
                "。このままでよければ「注意を確認したうえで取り込む」にチェックして、もう一度取り込んでください。"
            ),
        )
        return Problem(
            p.sheet, p.row, _letter(SHEETS[p.sheet], header), header, p.text, message, kind
        )
    text = shorten(p.text, 60) if header == p.fields[None] else ""
    return Problem(
        p.sheet, p.row, _letter(SHEETS[p.sheet], header), header, text, exc.message, kind
    )


def apply_workbook(
    data: bytes,
    user: Any,
    plan_year: PlanYear,
    *,
    source: str = "workbook.xlsx",
    confirm_warnings: bool = False,
) -> ApplyResult:
    """Take over a filled-in entry workbook as ``user``: every change or none.  A figure with a
    warning to confirm (:mod:`hyoka.workflow.slips`) is a problem of its row (kind ``slip``)
    unless ``confirm_warnings``: then it is taken over and the confirmation recorded.

    Raises :class:`WorkbookError` when the file cannot be read as the workbook Hyoka wrote, and
    :class:`WorkbookRejected` (with every problem: sheet, row, column, text, what was expected)
    when any cell cannot be taken over — nothing is written then."""
    wb = _load(data)
    _check_meta(wb, plan_year)
    sheets = {name: _rows(wb, name) for name in SHEETS}
    result = ApplyResult(source)
    upload = _Upload(user, plan_year, result)
    upload.confirmed = confirm_warnings
    for check, name in ((upload.actual, ACTUALS), (upload.part, PARTS), (upload.notes, NOTES)):
        for row, values in sheets[name]:
            check(row, values)
    _run(upload, result)
    if result.problems:
        order = list(SHEETS)
        result.problems.sort(key=lambda p: (order.index(p.sheet), p.row, p.column))
        raise WorkbookRejected(result.problems)
    return result
