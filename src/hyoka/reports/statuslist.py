"""The status list as published: one typed shape for what the exports lay out, an edition
freezes, the diff compares, the API serves and the public list page shows.

:class:`StatusListReport` is the year's 連携事業実施状況等一覧 as Hyoka publishes it —
built from the database in one place (:func:`hyoka.reports.builders.status_list_report`),
written as JSON one way (:meth:`StatusListReport.to_json`, with the names of the open-data
dictionary, ``docs/open-data.md``) and read back one way (:meth:`StatusListReport.from_json`,
an edition's frozen ``Edition.data``).  Not to be confused with :mod:`hyoka.core.statuslist`,
the document *as a reader found it* in a PDF, text or workbook (cells, spans, problems), before
anything was imported or rated: this module is the list *as published*, after rating, with
published and computed ratings side by side.

Frozen dataclasses rather than pydantic models: the shape is only ever built by Hyoka itself
(no untrusted input to validate — an edition's data was written by :meth:`to_json`), the key
order of the JSON is the contract (the open-data files must stay byte-identical), and the
renderers and the list page walk every cell of every list, so plain attribute access with no
validation layer is both the simplest and the cheapest; mypy checks it strictly.  Lists are
tuples, so a report can be kept and shared without anyone changing it.  Writing and reading
JSON is one generic implementation (:class:`JsonShape`, from the fields and their type hints)
rather than a ``to_json``/``from_json`` pair per class: a field added to a class is written
and read back with nothing else to change.  Pydantic would give the reading too, but would
validate where there is nothing to validate and coerce where the lenient reading of old
editions is wanted (``null`` or a missing key: the field's default).

What changed between two lists (:func:`hyoka.publishing.services.diff`) is typed here too:
:class:`ChangedRow` and its :class:`Change` items, with the JSON names the API serves.

Old editions stay readable: :meth:`StatusListReport.from_json` reads the same keys and gives
a key an edition frozen before the report had it its default (``None``, or ``""`` for texts
the report always holds), and ignores keys the shape no longer has: a field the report gained
is then no change of the list where today's list has it empty
(:func:`hyoka.publishing.services.make_edition` compares the typed reports).

>>> cell = ValueCell.from_json({"text": "8,000千円/年度", "kind": "quantity", "number": 8000000})
>>> (cell.unit, cell.provisional), ValueCell.from_json(cell.to_json()) == cell
((None, False), True)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import MISSING, dataclass, field, fields, replace
from types import NoneType
from typing import Any, Self, cast, get_args, get_origin, get_type_hints

__all__ = [
    "FORMAT",
    "Achievement",
    "Change",
    "ChangedRow",
    "IndicatorRow",
    "JsonObject",
    "JsonShape",
    "LegendEntry",
    "PlanRef",
    "ProjectRow",
    "RoleGroup",
    "StatusListReport",
    "ValueCell",
]

#: The ``format`` of the JSON (docs/open-data.md).
FORMAT = "hyoka.status-list/1"

#: A JSON object as :func:`json.loads` gives it.
JsonObject = dict[str, Any]


class JsonShape:
    """The one way the classes of the shape are written as JSON and read back, from their
    fields and type hints: :meth:`to_json` gives every field under its own name, in the order
    of the fields (a nested shape as its own JSON, a tuple as a list); :meth:`from_json` reads
    the same names and gives a key that is missing or ``null`` the field's default, else the
    type's empty value (``""``, ``0``, ``()``): an edition frozen before a field existed reads
    with that field empty.  A field with ``metadata={"json": False}`` is kept for the pages and
    left out of the JSON (and out of comparisons: ``compare=False``)."""

    __slots__ = ()

    def to_json(self) -> JsonObject:
        return {name: _json(getattr(self, name)) for name, _, _ in _shape(type(self))}

    @classmethod
    def from_json(cls, d: JsonObject | None) -> Self:
        d = d if isinstance(d, dict) else {}
        return cls(
            **{name: _read(hint, d.get(name), default) for name, hint, default in _shape(cls)}
        )


def _json(value: Any) -> Any:
    if isinstance(value, JsonShape):
        return value.to_json()
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value


#: :func:`_shape` of each class, read once.
_SHAPES: dict[type, tuple[tuple[str, Any, Any], ...]] = {}


def _shape(cls: type[JsonShape]) -> tuple[tuple[str, Any, Any], ...]:
    """``(name, type hint, default)`` of each field of ``cls`` the JSON holds."""
    found = _SHAPES.get(cls)
    if found is None:
        found = _SHAPES[cls] = _fields(cls)
    return found


def _fields(cls: type[JsonShape]) -> tuple[tuple[str, Any, Any], ...]:
    hints = get_type_hints(cls)
    out = []
    for f in fields(cast(Any, cls)):
        if not f.metadata.get("json", True):
            continue
        default = f.default if f.default is not MISSING else None
        out.append((f.name, hints[f.name], default))
    return tuple(out)


def _read(hint: Any, value: Any, default: Any) -> Any:
    """``value`` (from :func:`json.loads`) as a field of type ``hint`` (``default``: the
    field's default, ``None`` if it has none)."""
    if isinstance(hint, type) and issubclass(hint, JsonShape):
        return hint.from_json(value)
    args = get_args(hint)
    if get_origin(hint) is tuple:
        items = value or ()
        if isinstance(args[0], type) and issubclass(args[0], JsonShape):
            shape = args[0]
            return tuple(shape.from_json(x) for x in items if isinstance(x, dict))
        return tuple(str(x) for x in items)
    kinds = set(args) - {NoneType} if args else {hint}
    if float in kinds:  # a figure (a number or nothing) or a share
        return value if isinstance(value, int | float) else None
    if value is None:
        return default if NoneType in args or default is not None else kinds.pop()()
    if kinds == {str}:
        return str(value) or (default or "")
    if kinds == {bool}:
        return bool(value)
    return int(value) if value or NoneType in args else 0


@dataclass(frozen=True, slots=True)
class ValueCell(JsonShape):
    """A baseline, target or actual: the text as written and what Hyoka understood of it."""

    text: str
    kind: str = "text"
    number: int | float | None = None
    unit: str | None = None
    per: str | None = None
    year: int | None = None
    provisional: bool = False


#: An empty value (a project without indicators, an indicator without a year's row).
NO_VALUE = ValueCell("")


@dataclass(frozen=True, slots=True)
class IndicatorRow(JsonShape):
    """One indicator in one year: a headline KPI (基本KPI) or a project's indicator — in the
    list, on a project's page, on an indicator's page (each year, and each year of the
    indicators on its path across plans) and on the dashboard alike."""

    id: str
    position: int
    kind: str
    name: str
    baseline: ValueCell = NO_VALUE
    target: ValueCell = NO_VALUE
    actual: ValueCell = NO_VALUE
    actual_computed: str | None = None
    rating_published: str | None = None
    rating_computed: str | None = None
    rating: str | None = None
    override: str | None = None
    override_reason: str | None = None
    reason: str = ""
    reason_en: str = ""
    predecessor: str | None = None
    lineage: str | None = None
    notes: str | None = None

    @property
    def rating_shown(self) -> str | None:
        """The rating in force, or the computed one when none is recorded."""
        return self.rating or self.rating_computed

    @property
    def disagrees(self) -> bool:
        """Whether a rating was published and the computed one differs."""
        return self.rating_published is not None and self.rating_published != self.rating_computed


@dataclass(frozen=True, slots=True)
class ProjectRow(JsonShape):
    """A 連携事業 (project) in one year with its indicators, in the document's order."""

    number: int
    name: str
    summary: str = ""
    sub_role: str | None = None
    sub_role_title: str | None = None
    notes: str = ""
    rating_published: str | None = None
    rating_published_text: str | None = None
    one_symbol: bool = False
    rating_computed: str | None = None
    reason: str = ""
    indicators: tuple[IndicatorRow, ...] = ()
    predecessor: int | None = None
    lineage: str | None = None
    #: ``reason`` in English, for the pages: not in format 1 of the open data (adding it
    #: would change every file published), so neither written nor compared
    reason_en: str = field(default="", compare=False, metadata={"json": False})

    @property
    def disagrees(self) -> bool:
        """Whether the published rating differs from the computed one: the project's, when
        the list rated it with one symbol, or one of its indicators'."""
        return bool(
            (self.one_symbol and self.rating_published != self.rating_computed)
            or any(i.disagrees for i in self.indicators)
        )


@dataclass(frozen=True, slots=True)
class RoleGroup(JsonShape):
    """A 役割 (role ア, イ, ウ): its headline KPIs, then its projects."""

    label: str
    title: str
    headline_kpis: tuple[IndicatorRow, ...] = ()
    projects: tuple[ProjectRow, ...] = ()


@dataclass(frozen=True, slots=True)
class LegendEntry(JsonShape):
    """A rating symbol of the plan's rubric (評価凡例) with its meaning."""

    symbol: str
    label: str
    label_en: str = ""


@dataclass(frozen=True, slots=True)
class PlanRef(JsonShape):
    """The plan (ビジョン) the year belongs to."""

    id: int | None
    name: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Achievement(JsonShape):
    """The plan's 達成割合 for the year (◎ or ○ among the rated indicators)."""

    achieved: int = 0
    rated: int = 0
    share: float | None = None


#: The order of a report's keys in the JSON (its fields start with those it cannot do without).
_REPORT_KEYS = (
    "format",
    "title",
    "area",
    "municipalities",
    "plan",
    "fiscal_year",
    "fiscal_year_wareki",
    "status",
    "legend",
    "columns",
    "roles",
    "achievement",
    "edition",
)


@dataclass(frozen=True, slots=True)
class StatusListReport(JsonShape):
    """A year's status list as published (docs/open-data.md, "Report"); ``edition`` is the
    number of the published edition it is, ``None`` for the list as it is now."""

    title: str
    area: str
    fiscal_year: int
    fiscal_year_wareki: str = ""
    status: str = ""
    municipalities: tuple[str, ...] = ()
    plan: PlanRef = field(default_factory=lambda: PlanRef(None, ""))
    legend: tuple[LegendEntry, ...] = ()
    columns: tuple[str, ...] = ()
    roles: tuple[RoleGroup, ...] = ()
    achievement: Achievement = field(default_factory=Achievement)
    format: str = FORMAT
    edition: int | None = None

    def to_json(self) -> JsonObject:
        """The report as JSON data, keys in the order of the open-data dictionary
        (``edition`` last, and only in an edition)."""
        out = JsonShape.to_json(self)
        if self.edition is None:
            del out["edition"]
        return {key: out[key] for key in _REPORT_KEYS if key in out}

    def as_edition(self, number: int | None) -> StatusListReport:
        """The same list as edition ``number`` (``None``: the list as it is now)."""
        return replace(self, edition=number)

    def projects(self) -> Iterator[ProjectRow]:
        """Every project, role by role, in the document's order."""
        for role in self.roles:
            yield from role.projects

    def indicators(self) -> Iterator[IndicatorRow]:
        """Every indicator: each role's headline KPIs, then its projects' indicators."""
        for role in self.roles:
            yield from role.headline_kpis
            for p in role.projects:
                yield from p.indicators


@dataclass(frozen=True, slots=True)
class Change(JsonShape):
    """One thing a reader sees differ between two lists: the column (``field``, its Japanese
    header), before and after (``None``: not there)."""

    field: str
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True, slots=True)
class ChangedRow(JsonShape):
    """What changed in one indicator (or, ``indicator`` （事業全体）, in a project rated with
    one symbol) between two lists: :func:`hyoka.publishing.services.diff` gives them, the
    changes page, its CSV and the API's preview show them."""

    project: int | None
    project_name: str
    indicator: str
    changes: tuple[Change, ...] = ()
