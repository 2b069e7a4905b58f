"""Import a status list: validate it, write the year, and — for an official list that is
already published — record it as an edition, all in one transaction.

The writing is :func:`hyoka.evaluation.imports.write_status_list`'s; the edition is
:func:`hyoka.publishing.services.make_edition`'s, the one maker of editions.
"""

from __future__ import annotations

from django.db import transaction

from hyoka.core.collector import collections_paused
from hyoka.core.statuslist import StatusList
from hyoka.evaluation.imports import ImportResult, Progress, write_status_list
from hyoka.evaluation.models import PlanYear
from hyoka.publishing.services import make_edition


def import_status_list(
    sl: StatusList,
    data: bytes | None = None,
    *,
    year: int | None = None,
    period: tuple[int, int] | None = None,
    rubric: str = "sapporo",
    dry_run: bool = False,
    progress: Progress | None = None,
    area: str | None = None,
) -> ImportResult:
    """Write ``sl`` (read from ``data``) as the plan's ``year``
    (:class:`~hyoka.evaluation.imports.ImportRefused` if it cannot be written safely).  A list
    that is published (an official PDF) is an edition of its own; importing it again with other
    figures makes the next edition (a correction), with the same figures none.  With
    ``dry_run`` everything is done and then rolled back."""
    with collections_paused(), transaction.atomic():
        result = write_status_list(
            sl, data, year=year, period=period, rubric=rubric, progress=progress, area=area
        )
        result.dry_run = dry_run
        plan_year = PlanYear.objects.get(plan=result.plan, fiscal_year=result.fiscal_year)
        if plan_year.status == PlanYear.Status.PUBLISHED:
            edition = make_edition(
                plan_year, f"取込: {sl.source}", unless_unchanged=True, held=result.held
            )
            result.edition = edition.number if edition else None
        if dry_run:
            transaction.set_rollback(True)
    return result
