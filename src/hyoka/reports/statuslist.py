"""The status list as published: one typed shape for what the exports lay out, an edition
freezes, the diff compares and the API serves.

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
renderers walk every cell of every list, so plain attribute access with no validation layer
is both the simplest and the cheapest; mypy checks it strictly.  Lists are tuples, so a
report can be kept and shared without anyone changing it.

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
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = [
    "FORMAT",
    "Achievement",
    "IndicatorRow",
    "JsonObject",
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


def _text(d: JsonObject, key: str) -> str:
    value = d.get(key)
    return "" if value is None else str(value)


def _opt_text(d: JsonObject, key: str) -> str | None:
    value = d.get(key)
    return None if value is None else str(value)


def _opt_int(d: JsonObject, key: str) -> int | None:
    value = d.get(key)
    return None if value is None else int(value)


def _objects(d: JsonObject, key: str) -> list[JsonObject]:
    found = d.get(key)
    return [x for x in found if isinstance(x, dict)] if isinstance(found, list) else []


@dataclass(frozen=True, slots=True)
class ValueCell:
    """A baseline, target or actual: the text as written and what Hyoka understood of it."""

    text: str
    kind: str = "text"
    number: int | float | None = None
    unit: str | None = None
    per: str | None = None
    year: int | None = None
    provisional: bool = False

    def to_json(self) -> JsonObject:
        return {
            "text": self.text,
            "kind": self.kind,
            "number": self.number,
            "unit": self.unit,
            "per": self.per,
            "year": self.year,
            "provisional": self.provisional,
        }

    @classmethod
    def from_json(cls, d: JsonObject | None) -> ValueCell:
        d = d or {}
        number = d.get("number")
        return cls(
            text=_text(d, "text"),
            kind=_text(d, "kind") or "text",
            number=number if isinstance(number, int | float) else None,
            unit=_opt_text(d, "unit"),
            per=_opt_text(d, "per"),
            year=_opt_int(d, "year"),
            provisional=bool(d.get("provisional", False)),
        )


#: An empty value (a project without indicators, an indicator without a year's row).
NO_VALUE = ValueCell("")


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One indicator in one year: a headline KPI (基本KPI) or a project's indicator."""

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

    def to_json(self) -> JsonObject:
        return {
            "id": self.id,
            "position": self.position,
            "kind": self.kind,
            "name": self.name,
            "baseline": self.baseline.to_json(),
            "target": self.target.to_json(),
            "actual": self.actual.to_json(),
            "actual_computed": self.actual_computed,
            "rating_published": self.rating_published,
            "rating_computed": self.rating_computed,
            "rating": self.rating,
            "override": self.override,
            "override_reason": self.override_reason,
            "reason": self.reason,
            "reason_en": self.reason_en,
            "predecessor": self.predecessor,
            "lineage": self.lineage,
            "notes": self.notes,
        }

    @classmethod
    def from_json(cls, d: JsonObject) -> IndicatorRow:
        return cls(
            id=_text(d, "id"),
            position=int(d.get("position") or 0),
            kind=_text(d, "kind"),
            name=_text(d, "name"),
            baseline=ValueCell.from_json(d.get("baseline")),
            target=ValueCell.from_json(d.get("target")),
            actual=ValueCell.from_json(d.get("actual")),
            actual_computed=_opt_text(d, "actual_computed"),
            rating_published=_opt_text(d, "rating_published"),
            rating_computed=_opt_text(d, "rating_computed"),
            rating=_opt_text(d, "rating"),
            override=_opt_text(d, "override"),
            override_reason=_opt_text(d, "override_reason"),
            reason=_text(d, "reason"),
            reason_en=_text(d, "reason_en"),
            predecessor=_opt_text(d, "predecessor"),
            lineage=_opt_text(d, "lineage"),
            notes=_opt_text(d, "notes"),
        )


@dataclass(frozen=True, slots=True)
class ProjectRow:
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

    def to_json(self) -> JsonObject:
        return {
            "number": self.number,
            "name": self.name,
            "summary": self.summary,
            "sub_role": self.sub_role,
            "sub_role_title": self.sub_role_title,
            "notes": self.notes,
            "rating_published": self.rating_published,
            "rating_published_text": self.rating_published_text,
            "one_symbol": self.one_symbol,
            "rating_computed": self.rating_computed,
            "reason": self.reason,
            "indicators": [i.to_json() for i in self.indicators],
            "predecessor": self.predecessor,
            "lineage": self.lineage,
        }

    @classmethod
    def from_json(cls, d: JsonObject) -> ProjectRow:
        return cls(
            number=int(d.get("number") or 0),
            name=_text(d, "name"),
            summary=_text(d, "summary"),
            sub_role=_opt_text(d, "sub_role"),
            sub_role_title=_opt_text(d, "sub_role_title"),
            notes=_text(d, "notes"),
            rating_published=_opt_text(d, "rating_published"),
            rating_published_text=_opt_text(d, "rating_published_text"),
            one_symbol=bool(d.get("one_symbol", False)),
            rating_computed=_opt_text(d, "rating_computed"),
            reason=_text(d, "reason"),
            indicators=tuple(IndicatorRow.from_json(i) for i in _objects(d, "indicators")),
            predecessor=_opt_int(d, "predecessor"),
            lineage=_opt_text(d, "lineage"),
        )


@dataclass(frozen=True, slots=True)
class RoleGroup:
    """A 役割 (role ア, イ, ウ): its headline KPIs, then its projects."""

    label: str
    title: str
    headline_kpis: tuple[IndicatorRow, ...] = ()
    projects: tuple[ProjectRow, ...] = ()

    def to_json(self) -> JsonObject:
        return {
            "label": self.label,
            "title": self.title,
            "headline_kpis": [k.to_json() for k in self.headline_kpis],
            "projects": [p.to_json() for p in self.projects],
        }

    @classmethod
    def from_json(cls, d: JsonObject) -> RoleGroup:
        return cls(
            label=_text(d, "label"),
            title=_text(d, "title"),
            headline_kpis=tuple(IndicatorRow.from_json(k) for k in _objects(d, "headline_kpis")),
            projects=tuple(ProjectRow.from_json(p) for p in _objects(d, "projects")),
        )


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """A rating symbol of the plan's rubric (評価凡例) with its meaning."""

    symbol: str
    label: str
    label_en: str = ""

    def to_json(self) -> JsonObject:
        return {"symbol": self.symbol, "label": self.label, "label_en": self.label_en}

    @classmethod
    def from_json(cls, d: JsonObject) -> LegendEntry:
        return cls(_text(d, "symbol"), _text(d, "label"), _text(d, "label_en"))


@dataclass(frozen=True, slots=True)
class PlanRef:
    """The plan (ビジョン) the year belongs to."""

    id: int | None
    name: str
    start: int | None = None
    end: int | None = None

    def to_json(self) -> JsonObject:
        return {"id": self.id, "name": self.name, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, d: JsonObject | None) -> PlanRef:
        d = d or {}
        return cls(_opt_int(d, "id"), _text(d, "name"), _opt_int(d, "start"), _opt_int(d, "end"))


@dataclass(frozen=True, slots=True)
class Achievement:
    """The plan's 達成割合 for the year (◎ or ○ among the rated indicators)."""

    achieved: int = 0
    rated: int = 0
    share: float | None = None

    def to_json(self) -> JsonObject:
        return {"achieved": self.achieved, "rated": self.rated, "share": self.share}

    @classmethod
    def from_json(cls, d: JsonObject | None) -> Achievement:
        d = d or {}
        share = d.get("share")
        return cls(
            int(d.get("achieved") or 0),
            int(d.get("rated") or 0),
            share if isinstance(share, int | float) else None,
        )


@dataclass(frozen=True, slots=True)
class StatusListReport:
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
        out: JsonObject = {
            "format": self.format,
            "title": self.title,
            "area": self.area,
            "municipalities": list(self.municipalities),
            "plan": self.plan.to_json(),
            "fiscal_year": self.fiscal_year,
            "fiscal_year_wareki": self.fiscal_year_wareki,
            "status": self.status,
            "legend": [s.to_json() for s in self.legend],
            "columns": list(self.columns),
            "roles": [r.to_json() for r in self.roles],
            "achievement": self.achievement.to_json(),
        }
        if self.edition is not None:
            out["edition"] = self.edition
        return out

    @classmethod
    def from_json(cls, d: JsonObject) -> StatusListReport:
        """The report ``d`` holds (an edition's frozen data); missing keys get defaults."""
        return cls(
            format=_text(d, "format") or FORMAT,
            title=_text(d, "title"),
            area=_text(d, "area"),
            municipalities=tuple(str(m) for m in d.get("municipalities") or ()),
            plan=PlanRef.from_json(d.get("plan")),
            fiscal_year=int(d.get("fiscal_year") or 0),
            fiscal_year_wareki=_text(d, "fiscal_year_wareki"),
            status=_text(d, "status"),
            legend=tuple(LegendEntry.from_json(s) for s in _objects(d, "legend")),
            columns=tuple(str(c) for c in d.get("columns") or ()),
            roles=tuple(RoleGroup.from_json(r) for r in _objects(d, "roles")),
            achievement=Achievement.from_json(d.get("achievement")),
            edition=_opt_int(d, "edition"),
        )

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
