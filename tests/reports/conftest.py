"""The FY2019 list's report (typed), built once per module from the imported seed in a
transaction rolled back (the PDF and HTML tests only lay it out)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from hyoka.evaluation.models import PlanYear
from hyoka.reports.builders import status_list_report
from hyoka.reports.statuslist import StatusListReport
from tests.factories import import_seed


@pytest.fixture(scope="module")
def report(django_db_setup: None, django_db_blocker: Any) -> StatusListReport:
    with django_db_blocker.unblock(), transaction.atomic():
        import_seed()
        built = status_list_report(PlanYear.objects.get(fiscal_year=2019))
        transaction.set_rollback(True)
    return built
