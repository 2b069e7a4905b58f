"""Every malformed entry workbook through :func:`apply_workbook` and the upload form: a clear
message (sheet, row, column, the text shortened, what was expected), no server error, bounded
time, and nothing written — counted over every table, the audit trail included."""

from __future__ import annotations

import io
import re
import time
from typing import Any

import pytest
from django.test import Client

from hyoka.evaluation.models import PlanYear
from hyoka.plans.models import Municipality
from hyoka.workflow.workbook import (
    WorkbookError,
    WorkbookRejected,
    apply_workbook,
    build_workbook,
)
from tests.factories import SAPPORO, year_url
from tests.faults.conftest import row_counts
from tests.faults.corpus import GENERIC, TRACEBACK, WORKBOOK, Case

pytestmark = pytest.mark.django_db

CASES = GENERIC + WORKBOOK
IDS = [c.id for c in CASES]
SECONDS = 30


def _data(case: Case, year: PlanYear, exported: bytes) -> bytes:
    if case.id == "wb-status-list-instead":
        return exported
    base = build_workbook(year, Municipality.objects.get(code=SAPPORO))
    return case.make(base)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_apply_workbook(
    case: Case, entry_year: tuple[PlanYear, dict[str, Any]], exported: bytes
) -> None:
    year, people = entry_year
    data = _data(case, year, exported)
    before = row_counts()
    start = time.monotonic()
    with pytest.raises((WorkbookError, WorkbookRejected)) as caught:
        apply_workbook(data, people["editor"], year, source=f"{case.id}.xlsx")
    assert time.monotonic() - start < SECONDS
    assert row_counts() == before
    exc = caught.value
    if isinstance(exc, WorkbookError):
        message = exc.message
        assert "\n" not in message
    else:
        message = str(exc)
        for p in exc.problems:
            assert p.sheet, p
            assert p.row >= 1, p
            assert p.column, p
            assert p.header, p
            assert len(p.text) <= 200, (p.header, len(p.text))
            assert len(str(p)) < 600
    assert len(message) < 2000, message[:300]
    assert re.search(case.message_for("workbook"), message), message


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_upload_form(
    case: Case, entry_year: tuple[PlanYear, dict[str, Any]], exported: bytes
) -> None:
    year, people = entry_year
    data = _data(case, year, exported)
    client = Client(raise_request_exception=True)
    client.force_login(people["editor"])
    upload = io.BytesIO(data)
    upload.name = f"{case.id}.xlsx"
    before = row_counts()
    response = client.post(
        year_url("workflow:workbook_upload", year=2020), {"workbook": upload}, follow=True
    )
    assert response.status_code == 200
    assert row_counts() == before
    shown = [str(m) for m in response.context["messages"]]
    assert shown, "no message shown"
    assert shown[0].startswith(f"{case.id}.xlsx: "), shown[0][:200]
    assert not any(TRACEBACK.search(m) for m in shown)
    assert all(len(m) < 2000 for m in shown)
    assert "取り込みました" not in " ".join(shown)
