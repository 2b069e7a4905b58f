"""Loading the demo: the one place that says what it is, for ``hyoka serve`` (into an empty
database) and ``hyoka import --bundled``.

The demo is the bundled FY2019 list of plan 1 (2019–2023, the document as published) with the
demo's assumptions (:mod:`hyoka.evaluation.demo`: the indicators that add up each member's
part), then a small made-up FY2024 list of plan 2 (2024–2028, example data, marked so in its
title and notes) with its lineage to plan 1 (a mapping file confirmed as ``hyoka lineage
apply`` confirms one).  All in one transaction; loading it again changes nothing (each list is
re-imported in place, the lineage and the sums already recorded).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from django.db import transaction

from hyoka.evaluation import lineage, lookup
from hyoka.evaluation.demo import add_up_members_parts
from hyoka.evaluation.imports import ImportResult, Progress
from hyoka.ingest.readers import bundled_bytes, read_bytes
from hyoka.plans.models import Indicator
from hyoka.publishing.imports import import_status_list

__all__ = ["LINEAGE", "PLAN1", "PLAN2", "PLAN2_PERIOD", "Loaded", "load_demo"]

#: the bundled lists of the demo (names of :data:`hyoka.ingest.readers.BUNDLED`)
PLAN1 = "sapporo-fy2019"
PLAN2 = "sapporo-fy2024-example"
PLAN2_PERIOD = (2024, 2028)
#: the lineage of the made-up plan 2 to plan 1 (example data, a file in ``hyoka/data``)
LINEAGE = "sapporo-plan1-to-plan2-example-lineage.csv"


@dataclass
class Loaded:
    """What loading the demo did: each list's import, the indicators made sums of the members'
    parts, and the lineage written (counts per item and kind; empty when already recorded)."""

    imports: list[ImportResult]
    summed: list[Indicator]
    lineage: dict[str, int]

    def source(self, result: ImportResult) -> str:
        """The bundled name of one of :attr:`imports`."""
        return PLAN1 if result is self.imports[0] else PLAN2


def load_demo(progress: Progress | None = None) -> Loaded:
    """Import the demo's two lists and the lineage between them, in one transaction."""
    with transaction.atomic():
        results = []
        for name, period in ((PLAN1, None), (PLAN2, PLAN2_PERIOD)):
            data = bundled_bytes(name)
            sl = read_bytes(data, f"{name} (bundled)", "text")
            results.append(import_status_list(sl, data, period=period, progress=progress))
        summed = add_up_members_parts(results[0].plan)
        new = results[1].plan
        mapping = resources.files("hyoka.data").joinpath(LINEAGE).read_bytes()
        rows = lineage.read_mapping(mapping, LINEAGE)
        counts = lineage.apply_mapping(lookup.previous_plan(new), new, rows, source=LINEAGE)
    return Loaded(results, summed, dict(counts))
