"""The demo's assumptions, not the document's: which indicators add up each member's part.

The FY2019 list prints one figure per indicator; it does not say how each member contributed
to it.  The demo (the bundled list that ``hyoka serve`` loads) assumes that the indicators
counting what each member brings (:func:`hyoka.core.participation.counts_across_members`:
people trained or taking part, staff exchanged, uses of a shared system, data files
published) in a project with more than one participant add up each participant's part
(``Indicator.Aggregation.SUM``).  Which members take part is the document's
(:mod:`hyoka.core.participation`, written by the import); that these indicators are sums of
parts is the demo's.  When a year opens, each participant of such an indicator has its own
part to enter (:func:`hyoka.workflow.services.open_year`).
"""

from __future__ import annotations

from django.db.models import Count

from hyoka.core.participation import counts_across_members
from hyoka.evaluation.bulk import update_rows
from hyoka.plans.models import Indicator, Plan

#: the audit reason of the change
REASON = "デモの想定: 参加市町村ごとの値の合計"


def add_up_members_parts(plan: Plan) -> list[Indicator]:
    """Make the plan's indicators that count across members sums of the participants' parts
    (audited); the indicators changed, in the document's order."""
    indicators = (
        Indicator.objects.filter(plan=plan, kind=Indicator.Kind.PROJECT, aggregation="")
        .select_related("project")
        .annotate(members=Count("project__participants"))
        .order_by("project__number", "position")
    )
    chosen = [
        ind for ind in indicators if counts_across_members(ind.name, ind.target_text, ind.members)
    ]
    for ind in chosen:
        ind.aggregation = Indicator.Aggregation.SUM
    update_rows(chosen, ["aggregation"], reason=REASON)
    return chosen
