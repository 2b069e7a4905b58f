"""Slips caught before they are published (issue 13.6): a figure the rating engine will not
compare — another unit than the target's (``１２３人`` against ``235校``), an actual dated after
the fiscal year, a cumulative (累計) actual against a yearly target, a figure a hundred times
off the target — or one an order of magnitude off last year's.  Never rated silently, never
refused outright: the person confirms each warning (確認しました（このまま保存）) and the save
goes through, the confirmation recorded (:class:`~hyoka.workflow.models.SlipConfirmation`: who,
when, which warning) for the reviewer.

The one place of this rule: the web forms, the workbook upload and the API all save through
:func:`hyoka.workflow.entering.save`, which finds the warnings of each changed figure on the rows
it has locked and refuses (:class:`SlipsToConfirm`, 409) or records the confirmations
(:func:`record`) in the save's own transaction.  The warnings come from :mod:`hyoka.core` (:func:`hyoka.core.assess.assess`'s
warnings, :func:`hyoka.core.guards.off_last_year`); nothing is re-implemented here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from hyoka.core.assess import Context, assess
from hyoka.core.guards import off_last_year
from hyoka.core.values import explain
from hyoka.evaluation.models import IndicatorYear
from hyoka.gate import TextRefused, clean_text
from hyoka.plans.models import Indicator, Municipality
from hyoka.workflow.cycle import WorkflowError
from hyoka.workflow.models import SlipConfirmation

__all__ = [
    "Confirmed",
    "Slip",
    "SlipsToConfirm",
    "confirmed_of",
    "confirmed_slips",
    "record",
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


def record(
    user: Any, found: Iterable[tuple[IndicatorYear, Municipality | None, list[Slip]]], via: str
) -> None:
    """Record who confirmed which warning of each row's figure as saved (``found``: the row
    written, the member whose part made its total, the warnings), in the save's transaction."""
    who = user if getattr(user, "is_authenticated", False) else None
    SlipConfirmation.objects.bulk_create(
        SlipConfirmation(
            indicator_year=iy,
            municipality=municipality,
            text=iy.actual_text,
            code=s.code,
            message=_gated("message", s.message),
            message_en=_gated("message_en", s.message_en),
            user=who,
            via=_gated("via", via.strip("（）")[:100]),
        )
        for iy, municipality, found_slips in found
        for s in found_slips
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
