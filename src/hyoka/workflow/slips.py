"""Slips caught before they are published (issue 13.6): a figure the rating engine will not
compare — another unit than the target's (``１２３人`` against ``235校``), an actual dated after
the fiscal year, a cumulative (累計) actual against a yearly target, a figure a hundred times
off the target — or one an order of magnitude off last year's.  Never rated silently, never
refused outright: the person confirms each warning (確認しました（このまま保存）) and the save
goes through, the confirmation recorded (:class:`~hyoka.workflow.models.SlipConfirmation`: who,
when, which warning) for the reviewer.

The one place of this rule: the web forms, the workbook upload and the API all save through
:func:`save`.  The warnings come from :mod:`hyoka.core` (:func:`hyoka.core.assess.assess`'s
warnings, :func:`hyoka.core.guards.off_last_year`); nothing is re-implemented here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hyoka.core.assess import Context, assess
from hyoka.core.guards import off_last_year
from hyoka.core.values import explain
from hyoka.evaluation.models import Contribution, IndicatorYear, PlanYear
from hyoka.gate import TextRefused, clean_text
from hyoka.plans.models import Indicator, Municipality
from hyoka.workflow import entering
from hyoka.workflow.cycle import WorkflowError
from hyoka.workflow.entering import Actual, Entry, Part, SaveRefused, SaveResult
from hyoka.workflow.models import SlipConfirmation

__all__ = [
    "Confirmed",
    "Slip",
    "SlipsToConfirm",
    "confirmed_of",
    "save",
    "slips_of",
]

#: which warnings a person confirmed: all (``True``), none (``False``), or the keys (or codes)
#: of the ones they saw
Confirmed = bool | Collection[str]


@dataclass(frozen=True)
class Slip:
    """One warning about a figure: ``code`` says where it comes from (``rating``: the rating
    engine would not compare it; ``last_year``: an order of magnitude off last year's), the
    message in Japanese and English; ``key`` names this very warning (its text included), so a
    confirmation given for one figure never covers another."""

    code: str
    message: str
    message_en: str

    @property
    def key(self) -> str:
        return hashlib.sha256(f"{self.code}\n{self.message}".encode()).hexdigest()[:12]

    def to_dict(self) -> dict[str, str]:
        return {
            "key": self.key,
            "code": self.code,
            "message": self.message,
            "message_en": self.message_en,
        }


class SlipsToConfirm(WorkflowError):
    """A save refused until the person confirms the warnings of an entry (409: send it again
    with them confirmed)."""

    status = 409

    def __init__(self, slips: Sequence[Slip]) -> None:
        super().__init__(
            _(
                "確かめてください: %(warnings)s。このままでよければ「確認しました（このまま保存）」"
                "にチェックして、もう一度保存してください。"
            )
            % {"warnings": "／".join(s.message for s in slips)},
            field="confirm",
        )
        self.slips = list(slips)


def slips_of(indicator: Indicator, year: int, text: str, last: str = "") -> list[Slip]:
    """The warnings ``text`` raises as ``indicator``'s actual in ``year`` (``last``: last
    year's actual): the rating engine's, and an order of magnitude off last year's."""
    value = explain(text.strip())
    if value.kind in ("none", "text") or indicator.kind == Indicator.Kind.ACHIEVEMENT:
        return []
    plan = indicator.plan
    ctx = Context(year, plan.start_year, plan.end_year)
    baseline = explain(indicator.baseline_text) if indicator.baseline_text.strip() else None
    found = [
        Slip("rating", w.ja, w.en)
        for w in assess(explain(indicator.target_text), value, baseline, ctx).warnings
    ]
    odd = off_last_year(value, explain(last.strip())) if last.strip() else None
    if odd is not None:
        found.append(Slip("last_year", odd.ja, odd.en))
    return found


def confirmed_of(slips: Iterable[Slip], confirmed: Confirmed) -> bool:
    """Whether every one of ``slips`` is confirmed."""
    if isinstance(confirmed, bool):
        return confirmed or not any(True for _s in slips)
    return all(s.key in confirmed or s.code in confirmed for s in slips)


@dataclass(frozen=True)
class _Found:
    entry: Actual | Part
    slips: list[Slip]


def _candidates(year: int, entries: Sequence[Entry]) -> list[_Found]:
    """The warnings of every entry whose figure changes (a figure saved before was confirmed
    then): an actual as typed; a part as the total it makes with the other members' parts."""
    figures = [e for e in entries if isinstance(e, Actual | Part)]
    if not figures:
        return []
    rows = {
        iy.indicator_id: iy
        for iy in IndicatorYear.objects.filter(
            indicator_id__in={e.indicator.pk for e in figures}, fiscal_year=year
        )
    }
    parts: dict[int, list[Contribution]] = {}
    if any(isinstance(e, Part) for e in figures):
        for c in Contribution.objects.filter(
            indicator_id__in={e.indicator.pk for e in figures if isinstance(e, Part)},
            fiscal_year=year,
        ).order_by("pk"):
            parts.setdefault(c.indicator_id, []).append(c)
    out = []
    for entry in figures:
        iy = rows.get(entry.indicator.pk)
        if iy is None:
            continue  # refused by the save itself
        text = _candidate_text(entry, iy, parts.get(entry.indicator.pk, []))
        if text is None or text == iy.actual_text:
            continue
        found = slips_of(entry.indicator, year, text, iy.prefill_text)
        if found:
            out.append(_Found(entry, found))
    return out


def _candidate_text(
    entry: Actual | Part, iy: IndicatorYear, parts: list[Contribution]
) -> str | None:
    """The actual the entry would make (``None``: it changes no figure)."""
    try:
        gated = entering.gated_entry(entry)
    except TextRefused:
        return None  # the save names the refusal
    assert isinstance(gated, Actual | Part)
    text = gated.text.strip()
    if isinstance(gated, Actual):
        return text
    mine = gated.municipality.pk
    if any(c.municipality_id == mine and c.text == text for c in parts):
        return None
    others = [c for c in parts if c.municipality_id != mine]
    candidate = Contribution(
        indicator=gated.indicator, fiscal_year=iy.fiscal_year, municipality=gated.municipality
    )
    candidate.text = text
    return entering.total_text(gated.indicator, [*others, candidate])


class _TrialOnly(Exception):
    """Rolls back a save run only to find its other refusals."""


def save(
    user: Any,
    plan_year: PlanYear,
    entries: Sequence[Entry],
    *,
    confirmed: Confirmed = False,
    via: str = "",
) -> SaveResult:
    """:func:`hyoka.workflow.entering.save`, refused as a whole (:class:`SaveRefused` with a
    :class:`SlipsToConfirm` per entry, and every other refusal of the save) while a changed
    figure has a warning not ``confirmed``; once confirmed, saved with each warning recorded
    (who, when, which) in the same transaction."""
    year = plan_year.fiscal_year
    # read before the save's locks: a figure changed meanwhile only changes what is asked
    found = _candidates(year, entries)
    pending = [f for f in found if not confirmed_of(f.slips, confirmed)]
    if pending:
        # the save's own refusals first: they are to be fixed, a warning only confirmed
        raise SaveRefused(
            _others(user, plan_year, entries, via)
            + [(f.entry, SlipsToConfirm(f.slips)) for f in pending]
        )
    if not found:  # most saves: one statement more than the save itself
        return entering.save(user, plan_year, entries, via=via)
    with transaction.atomic():  # the figures and who confirmed their warnings, together
        result = entering.save(user, plan_year, entries, via=via)
        _record(user, year, found, via)
    return result


def _others(
    user: Any, plan_year: PlanYear, entries: Sequence[Entry], via: str
) -> list[tuple[Entry, WorkflowError]]:
    """The save's own refusals, found by a trial that is rolled back (so a person sees every
    problem of the form at once)."""
    try:
        with transaction.atomic():
            entering.save(user, plan_year, entries, via=via)
            raise _TrialOnly
    except _TrialOnly:
        return []
    except SaveRefused as exc:
        return list(exc.errors)
    except WorkflowError:
        return []  # a refusal of the whole save: raised again when the person saves


def _record(user: Any, year: int, found: list[_Found], via: str) -> None:
    if not found:
        return
    who = user if getattr(user, "is_authenticated", False) else None
    rows = {
        iy.indicator_id: iy
        for iy in IndicatorYear.objects.filter(
            indicator_id__in={f.entry.indicator.pk for f in found}, fiscal_year=year
        )
    }
    SlipConfirmation.objects.bulk_create(
        SlipConfirmation(
            indicator_year=rows[f.entry.indicator.pk],
            municipality=f.entry.municipality if isinstance(f.entry, Part) else None,
            text=rows[f.entry.indicator.pk].actual_text,
            code=s.code,
            message=_gated("message", s.message),
            message_en=_gated("message_en", s.message_en),
            user=who,
            via=_gated("via", via.strip("（）")[:100]),
        )
        for f in found
        for s in f.slips
    )


def _gated(name: str, text: str) -> str:
    """A text of the record through the gate (``via`` holds an uploaded file's name); what it
    refuses is left out, the record kept."""
    try:
        return clean_text(SlipConfirmation, name, text)
    except TextRefused:
        return ""


def confirmed_slips(indicator_years: Iterable[IndicatorYear]) -> dict[int, list[SlipConfirmation]]:
    """The confirmed warnings of each row's figure in force (by the row's pk), for the
    reviewer: the ones given for the text it holds now."""
    rows = {iy.pk: iy for iy in indicator_years}
    out: dict[int, list[SlipConfirmation]] = {}
    for c in SlipConfirmation.objects.filter(indicator_year_id__in=list(rows)).select_related(
        "user", "municipality"
    ):
        if c.text == rows[c.indicator_year_id].actual_text:
            out.setdefault(c.indicator_year_id, []).append(c)
    return out


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
) -> entering.EntryResult:
    """:func:`hyoka.workflow.entering.enter_actual` with its warnings to confirm: refused with
    :class:`SlipsToConfirm` (409, the warnings named) unless they are ``confirmed``."""
    entry = Actual(indicator, text, version, note, override, override_reason)
    return _one(user, indicator, year, entry, confirmed, via)


def enter_part(
    user: Any,
    indicator: Indicator,
    year: int,
    municipality: Municipality,
    text: str,
    *,
    version: int | None,
    confirmed: Confirmed = False,
    via: str = "",
) -> entering.EntryResult:
    """:func:`hyoka.workflow.entering.enter_contribution` with its warnings to confirm (those of
    the total the part makes)."""
    entry = Part(indicator, municipality, text, version)
    return _one(user, indicator, year, entry, confirmed, via)


def _one(
    user: Any, indicator: Indicator, year: int, entry: Entry, confirmed: Confirmed, via: str
) -> entering.EntryResult:
    try:
        saved = save(
            user,
            PlanYear(plan=indicator.plan, fiscal_year=year),
            [entry],
            confirmed=confirmed,
            via=via,
        )
    except SaveRefused as exc:
        raise exc.errors[0][1] from None
    if saved.results:
        return saved.results[0]
    iy = IndicatorYear.objects.select_related("indicator").get(
        indicator=indicator, fiscal_year=year
    )
    return entering.EntryResult(
        iy, explain(iy.actual_text), iy.computed, iy.reason, iy.reason_en, []
    )
