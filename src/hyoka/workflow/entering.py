"""Entering figures and notes of a year (実績値, each municipality's part, 実施状況): every
entry checked first (rights, the cycle, the version the person saw, the text), then all written in
one transaction, audited, and what changed re-rated once.  Views, the API and the workbook upload
all call :func:`save` (or its one-entry forms :func:`enter_actual`, :func:`enter_contribution`,
:func:`enter_notes`); none writes rows itself.  A changed figure's warnings
(:mod:`hyoka.workflow.slips`) are found in the same save, on the rows it locked: refused until
confirmed, then recorded with the figure.

Every transaction that writes a year locks that year's row first (:func:`locked_year`), then the
rows it changes in primary-key order (projects' years, indicators' years — every indicator of a
project whose figure is entered — members' parts), then, when a symbol the share counts moved,
the share projects' rows and the year's share (:func:`~hyoka.evaluation.services.rerate`):
writers of one year queue, none deadlocks (docs/architecture.md, "The locks of a year's
writes").  The rows are read with their locks (indicators, projects, each project's count of
indicators: no second read), and each entered row is written once with its re-rating — one
``UPDATE``, its two audit records (入力, then 再評価) in one ``INSERT``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from hyoka.core.values import Value, explain, json_number
from hyoka.evaluation.bulk import Record, audit_of
from hyoka.evaluation.models import (
    Contribution,
    IndicatorYear,
    PlanYear,
    ProjectYear,
)
from hyoka.evaluation.services import Change, lock_year, rerate, rubric_of, stamp
from hyoka.gate import TextRefused, clean_text
from hyoka.plans.models import Indicator, Municipality, Plan, Project
from hyoka.workflow.cycle import (
    Action,
    Conflict,
    WorkflowError,
    entry_reason,
    require,
)
from hyoka.workflow.slips import Confirmed, Slip, SlipsToConfirm, confirmed_of, record, slips_of


def locked_year(plan: Plan, year: int) -> PlanYear:
    """The year's row, locked: the first lock of every write to a year."""
    plan_year = lock_year(plan, year)
    if plan_year is None:
        raise WorkflowError(_("%(year)s年度はまだ開かれていません。") % {"year": year})
    return plan_year


@dataclass
class EntryResult:
    indicator_year: IndicatorYear
    value: Value
    rating: str
    reason: str
    reason_en: str
    changes: list[Change] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        iy = self.indicator_year
        return {
            "indicator": str(iy.indicator.uid),
            "fiscal_year": iy.fiscal_year,
            "text": iy.actual_text,
            "value": self.value.to_dict(),
            "rating_computed": self.rating,
            "rating": iy.rating,
            "reason": self.reason,
            "reason_en": self.reason_en,
            "version": iy.version,
            "changes": [str(c) for c in self.changes],
        }


@dataclass(frozen=True)
class Actual:
    """An indicator's 実績値 as written (``約79,600人``, ``1回（予定）``), with the editor's
    説明 and, optionally, a rating override with its reason (``None``: left as it is)."""

    indicator: Indicator
    text: str
    version: int | None
    note: str | None = None
    override: str | None = None
    override_reason: str | None = None


@dataclass(frozen=True)
class Part:
    """A participating municipality's own part of an indicator that adds up the parts."""

    indicator: Indicator
    municipality: Municipality
    text: str
    version: int | None


@dataclass(frozen=True)
class Notes:
    """A project's progress notes (連携事業実施状況等) for the year."""

    project: Project
    text: str
    version: int | None


Entry = Actual | Part | Notes


class SaveRefused(WorkflowError):
    """One or more entries were refused; nothing of the save was written.  ``errors`` pairs
    each refused entry with its reason."""

    def __init__(self, errors: list[tuple[Entry, WorkflowError]]) -> None:
        first = errors[0][1]
        super().__init__(first.message, field=first.field)
        self.errors = errors
        self.status = max(e.status for _, e in errors)


@dataclass
class SaveResult:
    """What a save wrote: each entry's indicator row after it (``None`` for notes) and every
    computed rating that changed."""

    results: list[EntryResult]
    changes: list[Change]


@transaction.atomic
def save(
    user: Any,
    plan_year: PlanYear,
    entries: Sequence[Entry],
    *,
    confirmed: Confirmed = False,
    via: str = "",
) -> SaveResult:
    """Enter figures and notes of one year: every entry checked first (rights, the cycle, the
    version the person saw, the text), then all written in one transaction, and what they
    changed re-rated once — the changed projects, the headline KPIs, the year's share.
    Refused as a whole (:class:`SaveRefused`, nothing written) when any entry is refused, or
    when a rating becomes △/× without a 説明, or while a changed figure has warnings
    (:mod:`hyoka.workflow.slips`, found on the rows the save locked) not ``confirmed`` — one
    :class:`~hyoka.workflow.slips.SlipsToConfirm` per entry, after every other refusal, so the
    person sees all at once; once confirmed, each warning is recorded (who, when, which) in
    the same transaction.  Entries that change nothing are skipped.
    Every text passes the gate (:func:`hyoka.gate.clean_text`) first; a refusal names the
    entry's field (``text``, ``note``, ``override``, ``override_reason``)."""
    errors: list[tuple[Entry, WorkflowError]] = []
    gated: list[Entry] = []
    for entry in entries:
        try:
            gated.append(gated_entry(entry))
        except TextRefused as exc:
            errors.append((entry, WorkflowError(exc.message, field=exc.field)))
    if errors:
        raise SaveRefused(errors)
    origin = {id(g): e for g, e in zip(gated, entries, strict=True)}
    try:
        return _save(user, plan_year, gated, confirmed, via)
    except SaveRefused as exc:
        raise SaveRefused([(origin.get(id(e), e), err) for e, err in exc.errors]) from None


#: Each entry's texts: its attribute → the model field that stores it.
_STORED: dict[type, tuple[tuple[Any, str, str], ...]] = {
    Actual: (
        (IndicatorYear, "text", "actual_text"),
        (IndicatorYear, "note", "note"),
        (IndicatorYear, "override", "override"),
        (IndicatorYear, "override_reason", "override_reason"),
    ),
    Part: ((Contribution, "text", "text"),),
    Notes: ((ProjectYear, "text", "notes"),),
}


def gated_entry(entry: Entry) -> Entry:
    """``entry`` with its texts through the gate; :class:`TextRefused` whose ``field`` is the
    entry's attribute."""
    changes: dict[str, str] = {}
    for model, attr, name in _STORED[type(entry)]:
        value = getattr(entry, attr)
        if value is None:
            continue
        try:
            changes[attr] = clean_text(model, name, value)
        except TextRefused as exc:
            raise TextRefused(exc.message, exc.kind, field=attr) from None
    return replace(entry, **changes)  # type: ignore[arg-type]


def _save(
    user: Any, plan_year: PlanYear, entries: Sequence[Entry], confirmed: Confirmed, via: str
) -> SaveResult:
    """:func:`save` of entries through the gate."""
    values = {id(e): explain(e.text.strip()) for e in entries if not isinstance(e, Notes)}
    plan_year = locked_year(plan_year.plan, plan_year.fiscal_year)
    rows = _Rows.lock(plan_year, entries)
    found = [(e, s) for e in entries if (s := rows.slips(e, plan_year.fiscal_year))]
    pending: list[tuple[Entry, WorkflowError]] = [
        (e, SlipsToConfirm(s)) for e, s in found if not confirmed_of(s, confirmed)
    ]
    errors: list[tuple[Entry, WorkflowError]] = []
    todo: list[tuple[Entry, str]] = []
    for entry in entries:
        try:
            audit = rows.check(user, plan_year, entry, values.get(id(entry)))
        except WorkflowError as exc:
            errors.append((entry, exc))
            continue
        if audit:
            todo.append((entry, audit))
    if errors or (pending and not todo):
        raise SaveRefused(errors + pending)
    entered: list[tuple[IndicatorYear, Record]] = []
    for entry, audit in todo:
        entered += rows.write(user, entry, values.get(id(entry)), f"{audit}{via}")
    touched = [iy for iy, _ in entered]
    changes = (
        rerate(
            plan_year,
            projects={iy.indicator.project_id for iy in touched if iy.indicator.project_id},
            headlines={iy.indicator_id for iy in touched if not iy.indicator.project_id},
            user=user,
            rows=rows.years,
            project_years=rows.project_years,
            entered=entered,  # stored there with their re-rating: one UPDATE a row
        )
        if touched
        else []
    )
    results = []
    for entry, _audit in todo:
        if isinstance(entry, Notes):
            continue
        iy = rows.years[entry.indicator.pk]  # written and re-rated in place: as stored
        if isinstance(entry, Actual) and iy.rating in ("△", "×") and not iy.note:
            errors.append(
                (
                    entry,
                    WorkflowError(
                        _(
                            "評価が%(rating)sになります。理由や今後の見込みを「説明」に書いてください。"
                        )
                        % {"rating": iy.rating},
                        field="note",
                    ),
                )
            )
        results.append(
            EntryResult(iy, explain(iy.actual_text), iy.computed, iy.reason, iy.reason_en, changes)
        )
    if errors or pending:  # the writes roll back with the refusal
        raise SaveRefused(errors + pending)
    if found:
        record(user, _confirmations(rows, found), via)
    return SaveResult(results, changes)


def _confirmations(
    rows: _Rows, found: list[tuple[Entry, list[Slip]]]
) -> list[tuple[IndicatorYear, Municipality | None, list[Slip]]]:
    """Each confirmed entry's row as written, the member whose part it was, its warnings."""
    return [
        (
            rows.years[e.indicator.pk],
            e.municipality if isinstance(e, Part) else None,
            s,
        )
        for e, s in found
        if isinstance(e, Actual | Part)
    ]


#: a project year's count of its project's indicators (a subquery over their index)
_INDICATOR_COUNT = Subquery(
    Indicator.objects.filter(project=OuterRef("project_id"))
    .order_by()
    .values("project")
    .annotate(n=Count("pk"))
    .values("n")
)


class _Rows:
    """The rows a save writes, locked in one order (projects' years, indicators' years, the
    municipalities' parts, each by primary key), and the checks and writes of each entry."""

    def __init__(
        self,
        project_years: dict[int, ProjectYear],
        years: dict[int, IndicatorYear],
        parts: dict[tuple[int, int], Contribution],
    ) -> None:
        self.project_years, self.years = project_years, years
        #: every part of the indicators a :class:`Part` is entered for, by indicator and member
        self.parts = parts

    @classmethod
    def lock(cls, plan_year: PlanYear, entries: Sequence[Entry]) -> _Rows:
        """Lock the rows ``entries`` write and those their re-rating rewrites (every
        indicator of a project whose figure is entered): the re-rating then reads none
        again (:func:`hyoka.evaluation.services.rerate`)."""
        year = plan_year.fiscal_year
        indicators = {e.indicator.pk for e in entries if not isinstance(e, Notes)}
        rerated = {e.indicator.project_id for e in entries if not isinstance(e, Notes)} - {None}
        projects = {e.project.pk for e in entries if isinstance(e, Notes)} | rerated
        project_years = {
            p.project_id: p
            for p in ProjectYear.objects.select_for_update(of=("self",))
            .filter(project_id__in=projects, fiscal_year=year)
            .select_related("project", "project__lead")
            # how many indicators the project has: the re-rating then takes them from the
            # locked rows (evaluation.services.rerate), no read of the indicators
            .annotate(indicator_count=_INDICATOR_COUNT)
            .order_by("pk")
        }
        for p in project_years.values():
            if p.project.plan_id == plan_year.plan_id:
                p.project.plan = plan_year.plan  # read once, with the year's lock
        years = {
            iy.indicator_id: iy
            for iy in IndicatorYear.objects.select_for_update(of=("self",))
            .filter(
                # the indicators by their ids (an index each), not an OR over the year's rows
                # joined to their indicators (a scan that grows with the year)
                indicator_id__in=Indicator.objects.filter(
                    Q(pk__in=indicators) | Q(project_id__in=rerated)
                ).values("pk"),
                fiscal_year=year,
            )
            .select_related("indicator", "indicator__project", "entered_by")
            .order_by("pk")
        }
        summed = {e.indicator.pk for e in entries if isinstance(e, Part)}
        parts = (
            {
                (c.indicator_id, c.municipality_id): c
                for c in Contribution.objects.select_for_update(of=("self",))
                .filter(indicator_id__in=summed, fiscal_year=year)
                .select_related("entered_by")
                .order_by("pk")
            }
            if summed
            else {}
        )
        return cls(project_years, years, parts)

    def slips(self, entry: Entry, year: int) -> list[Slip]:
        """The warnings of the figure ``entry`` makes (an actual as typed; a part as the total
        it makes with the other members' parts), when it changes the figure — one saved
        before was confirmed then."""
        if isinstance(entry, Notes):
            return []
        iy = self.years.get(entry.indicator.pk)
        if iy is None:
            return []  # refused by the checks
        text = entry.text.strip()
        if isinstance(entry, Part):
            mine = self.parts.get((entry.indicator.pk, entry.municipality.pk))
            if mine is not None and mine.text == text:
                return []
            candidate = Contribution(
                indicator=entry.indicator, fiscal_year=year, municipality=entry.municipality
            )
            candidate.text = text
            others = self._parts_of(entry.indicator, but=entry.municipality.pk)
            text = total_text(entry.indicator, [*others, candidate])
        if text == iy.actual_text:
            return []
        return slips_of(entry.indicator, year, text, iy.prefill_text)

    def _parts_of(self, indicator: Indicator, but: int | None = None) -> list[Contribution]:
        """The locked parts of ``indicator`` (but ``but``'s), in primary-key order."""
        return [
            c
            for (i, m), c in self.parts.items()
            if i == indicator.pk and m != but and c.pk is not None
        ]

    def project_of(self, indicator: Indicator) -> Project | None:
        """``indicator``'s project, as locked with its year (its plan read once)."""
        project_year = self.project_years.get(indicator.project_id or 0)
        return project_year.project if project_year else indicator.project

    def check(self, user: Any, plan_year: PlanYear, entry: Entry, value: Value | None) -> str:
        """Raise unless ``entry`` may be written now; its audit reason, or "" when it changes
        nothing."""
        if isinstance(entry, Notes):
            return self._check_notes(user, plan_year, entry)
        assert value is not None
        iy = self.years.get(entry.indicator.pk)
        if iy is None:
            raise WorkflowError(_("この年度は入力を受け付けていません。"))
        if isinstance(entry, Part):
            return self._check_part(user, plan_year, entry, iy, value)
        return self._check_actual(user, plan_year, entry, iy, value)

    def _check_actual(
        self, user: Any, plan_year: PlanYear, entry: Actual, iy: IndicatorYear, value: Value
    ) -> str:
        indicator, text = entry.indicator, entry.text.strip()
        if indicator.kind == Indicator.Kind.ACHIEVEMENT:
            raise WorkflowError(_("達成割合は各指標の評価から自動で計算します。入力は不要です。"))
        if indicator.aggregation:
            raise WorkflowError(
                _("この指標は市町村ごとの値の集計です。各市町村の値を入力してください。")
            )
        new = (
            text,
            iy.note if entry.note is None else entry.note.strip(),
            iy.override if entry.override is None else entry.override,
            iy.override_reason
            if entry.override is None
            else (entry.override_reason or "").strip()
            if entry.override
            else "",
        )
        if new == (iy.actual_text, iy.note, iy.override, iy.override_reason):
            return ""
        project = self.project_of(indicator)
        audit = entry_reason(
            user,
            plan_year,
            project,
            self.project_years.get(project.pk) if project else iy,
            iy.provisional,
            value.provisional,
            headline=indicator if project is None else None,
        )
        _check_version(iy, entry.version, _("「%(name)s」の実績値") % {"name": indicator.name})
        if value.kind == "text" and text and requires_number(indicator):
            raise WorkflowError(
                _(
                    "「%(text)s」を数値として読めません: %(reason)s（例: 12社、約79,600人、1回（予定）、-）"
                )
                % {"text": text, "reason": value.reason},
                field="text",
            )
        if entry.override:
            if not rubric_of(indicator.plan).is_symbol(entry.override):
                raise WorkflowError(
                    _("評価「%(rating)s」はこの計画の評価基準にありません。")
                    % {"rating": entry.override},
                    field="override",
                )
            if not (entry.override_reason or "").strip():
                raise WorkflowError(
                    _("評価を修正するときは、その理由を書いてください。"), field="override_reason"
                )
        return audit

    def _check_part(
        self, user: Any, plan_year: PlanYear, entry: Part, iy: IndicatorYear, value: Value
    ) -> str:
        indicator, text = entry.indicator, entry.text.strip()
        if not indicator.aggregation:
            raise WorkflowError(_("この指標は市町村ごとの値を集計しません。"))
        project = self.project_of(indicator)
        require(
            user,
            Action.CONTRIBUTE,
            plan_year,
            project=project,
            project_year=self.project_years.get(project.pk) if project else None,
            municipality=entry.municipality,
        )
        arity = _arity(indicator)
        if text and not _fits(value, arity):
            reason = value.reason or (
                _("目標値と同じく「ファイル数/セット数」の形で書いてください（例: 120/8）")
                if arity
                else _("数量ではありません")
            )
            raise WorkflowError(
                _("「%(text)s」を数値として読めません: %(reason)s")
                % {"text": text, "reason": reason},
                field="text",
            )
        c = self.parts.get((indicator.pk, entry.municipality.pk))
        if c is not None and c.text == text:
            return ""
        if c is not None:
            _check_version(
                c, entry.version, _("%(municipality)sの値") % {"municipality": entry.municipality}
            )
        return "市町村ごとの値の入力"

    def _check_notes(self, user: Any, plan_year: PlanYear, entry: Notes) -> str:
        project_year = self.project_years.get(entry.project.pk)
        require(user, Action.ENTER, plan_year, project=entry.project, project_year=project_year)
        assert project_year is not None
        if project_year.notes == entry.text.strip():
            return ""
        if project_year.notes and entry.version != project_year.version:
            raise Conflict(
                _(
                    "実施状況は、あなたが開いた後に変更されました。内容を確かめてから保存してください。"
                )
                if entry.version is not None
                else _("版（version）を指定してください。開いたときの版と比べて保存します。"),
                current={"text": project_year.notes, "version": project_year.version},
            )
        return "実施状況の入力"

    def write(
        self, user: Any, entry: Entry, value: Value | None, audit: str
    ) -> list[tuple[IndicatorYear, Record]]:
        """Write ``entry`` (checked); the indicators' year rows it changed, each with its audit
        record as changed — in place, not stored: :func:`~hyoka.evaluation.services.rerate`
        stores them with their re-rating (``entered``), this record and then its 再評価."""
        who = user if getattr(user, "is_authenticated", False) else None
        if isinstance(entry, Notes):
            project_year = self.project_years[entry.project.pk]
            project_year.notes = entry.text.strip()
            project_year.version += 1
            stamp(project_year, user, audit)
            project_year.save()
            return []
        assert value is not None
        iy = self.years[entry.indicator.pk]
        if isinstance(entry, Part):
            key = (entry.indicator.pk, entry.municipality.pk)
            c = self.parts.get(key) or Contribution(
                indicator=entry.indicator,
                fiscal_year=iy.fiscal_year,
                municipality=entry.municipality,
            )
            c.text, c.number, c.entered_by = entry.text.strip(), value.number, who
            c.version += 1
            stamp(c, user, audit)
            c.save()
            self.parts[key] = c
            iy.actual_text = total_text(entry.indicator, self._parts_of(entry.indicator))
            iy.provisional = explain(iy.actual_text).provisional
            stamp(iy, user, f"{entry.municipality}の値から集計")
        else:
            iy.actual_text = entry.text.strip()
            if entry.note is not None:
                iy.note = entry.note.strip()
            if entry.override is not None:
                iy.override = entry.override
                iy.override_reason = (entry.override_reason or "").strip() if entry.override else ""
            iy.provisional = value.provisional
            iy.entered_by = who
            stamp(iy, user, audit)
        iy.version += 1
        iy.updated_at = timezone.now()
        return [(iy, audit_of(iy, ""))]


def _check_version(obj: Any, version: int | None, label: str) -> None:
    """Refuse a change made on a stale copy, or without saying which copy it was made on when
    there is a value to overwrite (a blind overwrite)."""
    if version is None and (obj.version or _current_text(obj)):
        raise WorkflowError(
            _(
                "%(what)sを変更するには、開いたときの版（version）を指定してください"
                "（現在の版: %(version)s）。"
            )
            % {"what": label, "version": obj.version},
            field="version",
        )
    if version is not None and version != obj.version:
        who = getattr(obj, "entered_by", None)
        raise Conflict(
            _(
                "%(what)sは、あなたが開いた後に%(who)sが変更しました"
                "（現在の値: 「%(current)s」）。内容を確かめてから、もう一度保存してください。"
            )
            % {"what": label, "who": who or _("別の人"), "current": _current_text(obj)},
            current={
                "text": _current_text(obj),
                "version": obj.version,
                "by": str(who) if who else None,
                "at": obj.updated_at.isoformat() if getattr(obj, "updated_at", None) else None,
            },
        )


def _current_text(obj: Any) -> str:
    return str(getattr(obj, "actual_text", None) or getattr(obj, "text", "") or "")


def requires_number(ind: Indicator) -> bool:
    return explain(ind.target_text).kind in ("quantity", "compound")


def _one(
    user: Any, plan: Plan, year: int, entry: Entry, via: str, confirmed: Confirmed = False
) -> SaveResult:
    """:func:`save` of one entry, refused with that entry's own error."""
    # the year's row is read (and locked) once, inside save; "not open yet" is refused there
    try:
        return save(
            user, PlanYear(plan=plan, fiscal_year=year), [entry], confirmed=confirmed, via=via
        )
    except SaveRefused as exc:
        raise exc.errors[0][1] from None


def _result(indicator: Indicator, year: int, saved: SaveResult) -> EntryResult:
    if saved.results:
        return saved.results[0]
    iy = IndicatorYear.objects.select_related("indicator").get(
        indicator=indicator, fiscal_year=year
    )
    return EntryResult(iy, explain(iy.actual_text), iy.computed, iy.reason, iy.reason_en, [])


def enter_actual(
    user: Any,
    indicator: Indicator,
    year: int,
    text: str,
    *,
    version: int | None,
    note: str | None = None,
    override: str | None = None,
    override_reason: str | None = None,
    confirmed: Confirmed = False,
    via: str = "",
) -> EntryResult:
    """Enter an indicator's actual as written (``約79,600人``, ``1回（予定）``): :func:`save`
    of one :class:`Actual`, refused with its own error (:class:`SlipsToConfirm`, 409, while it
    has warnings not ``confirmed``)."""
    entry = Actual(indicator, text, version, note, override, override_reason)
    return _result(indicator, year, _one(user, indicator.plan, year, entry, via, confirmed))


def enter_notes(
    user: Any, project: Project, year: int, notes: str, *, version: int | None, via: str = ""
) -> ProjectYear:
    """Progress notes (連携事業実施状況等) of a project for a year."""
    _one(user, project.plan, year, Notes(project, notes, version), via)
    return ProjectYear.objects.get(project=project, fiscal_year=year)


def enter_contribution(
    user: Any,
    indicator: Indicator,
    year: int,
    municipality: Municipality,
    text: str,
    *,
    version: int | None,
    confirmed: Confirmed = False,
    via: str = "",
) -> EntryResult:
    """A participating municipality's own part; the total, its rating and reason update
    (refused with :class:`SlipsToConfirm` while the total has warnings not ``confirmed``)."""
    entry = Part(indicator, municipality, text, version)
    return _result(indicator, year, _one(user, indicator.plan, year, entry, via, confirmed))


def total_text(indicator: Indicator, parts: Iterable[Contribution]) -> str:
    """The indicator's actual from its municipalities' parts (sum, count or max); an indicator
    counting files/sets (``5,559/250``) adds up each count of the parts."""
    values = [explain(c.text) for c in parts if c.text.strip()]
    arity = _arity(indicator)
    numbers = [v for v in values if _fits(v, arity) and v.kind != "none"]
    if not numbers:
        return "-" if values else ""
    mark = "（見込）" if any(v.provisional for v in values) else ""
    if arity:
        sums = [
            sum((v.parts[i].number or Decimal(0) for v in numbers), Decimal(0))
            for i in range(arity)
        ]
        return "/".join(_number_text(n, "") for n in sums) + mark
    unit = indicator.unit or next((v.unit for v in numbers if v.unit), "") or ""
    if indicator.aggregation == Indicator.Aggregation.COUNT:
        return _number_text(Decimal(len(numbers)), indicator.unit or "市町村") + mark
    known = [v.number for v in numbers if v.number is not None]
    if indicator.aggregation == Indicator.Aggregation.MAX:
        return _number_text(max(known, default=Decimal(0)), unit) + mark
    return _number_text(sum(known, Decimal(0)), unit) + mark


def _number_text(total: Decimal, unit: str) -> str:
    number = json_number(total)
    return f"{number:,}{unit}" if isinstance(number, int) else f"{number}{unit}"


def _arity(indicator: Indicator) -> int:
    """How many counts a part holds: 2 for a target written ``5,559/250``, else 0 (one)."""
    target = explain(indicator.target_text)
    return len(target.parts) if target.kind == "compound" else 0


def _fits(value: Value, arity: int) -> bool:
    """Whether a part's value has the shape of the indicator's counts (or is ``-``)."""
    if value.kind == "none":
        return True
    if arity:
        return value.kind == "compound" and len(value.parts) == arity
    return value.kind == "quantity"
