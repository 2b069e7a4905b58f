"""What an assessment is made of: the outcome, the reason in two languages, the context of
the list (its fiscal year and plan), shared by :mod:`hyoka.core.assess` and the checks of
:mod:`hyoka.core.guards`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, NamedTuple

from hyoka.core.values import Value

__all__ = [
    "NO_REASON",
    "PROVISIONAL_FIGURE",
    "UNRATABLE",
    "Assessment",
    "Context",
    "Outcome",
    "Reason",
    "qualified",
    "quoted",
]

Outcome = Literal[
    "met",  # the actual meets the target
    "short",  # the actual falls short
    "ongoing",  # a state target (常時, 維持) held so far this year
    "late",  # done, or to be done, after the deadline
    "no_actual",  # no actual given (-)
    "no_target",  # no target, or one that cannot be read
    "not_comparable",  # the two cannot be compared (unreadable, other units)
    "reference_only",  # the actual predates the plan (参考記載)
]
UNRATABLE: frozenset[str] = frozenset(
    {"no_actual", "no_target", "not_comparable", "reference_only"}
)


class Reason(NamedTuple):
    """A sentence in Japanese and in English."""

    ja: str
    en: str

    def __str__(self) -> str:
        return self.ja

    def join(self, other: Reason, sep: tuple[str, str] = ("。", "; ")) -> Reason:
        """Two reasons in one.

        >>> Reason("甲", "a").join(Reason("乙", "b"))
        Reason(ja='甲。乙', en='a; b')
        """
        if not self.ja:
            return other
        if not other.ja:
            return self
        return Reason(f"{self.ja}{sep[0]}{other.ja}", f"{self.en}{sep[1]}{other.en}")


@dataclass(frozen=True, slots=True)
class Context:
    """When a rating is made: the fiscal year of the list and the plan's period."""

    fiscal_year: int
    plan_start: int
    plan_end: int

    @property
    def plan_years(self) -> int:
        return self.plan_end - self.plan_start + 1

    @property
    def year_index(self) -> int:
        """Year k of the plan (1 for its first year)."""
        return self.fiscal_year - self.plan_start + 1


class Assessment(NamedTuple):
    """What the figures show, before any rubric.

    ``ratio`` is actual ÷ target (inverted when lower is better); ``vs_baseline`` is
    the change on the baseline as a share of it (positive = better); ``progress``
    the share of the way from baseline to target; ``pace`` progress ÷ the share of
    the plan period elapsed (1 = on the straight path).  Immutable (a named tuple, cheap
    to build: one is made per indicator and year).
    """

    outcome: Outcome
    provisional: bool
    due: bool
    facts: Reason
    ratio: Decimal | None = None
    vs_baseline: Decimal | None = None
    progress: Decimal | None = None
    pace: Decimal | None = None
    direction: str = "increase"
    #: what the figures show that a person should check (a guard against a silent misread)
    warnings: tuple[Reason, ...] = ()

    def get(self, name: str) -> object:
        """An attribute by name, for rubric conditions."""
        return getattr(self, name)


def quoted(v: Value) -> str:
    return f"「{v.text.strip()}」"


NO_REASON = Reason("", "")


PROVISIONAL_FIGURE = Reason("（見込・予定の値）", " (provisional figure)")


def qualified(actual: Value) -> Reason:
    return PROVISIONAL_FIGURE if actual.provisional else NO_REASON
