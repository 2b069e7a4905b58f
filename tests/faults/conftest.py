"""Fixtures of the fault corpus: a database holding the imported FY2019 list (so "nothing
written" means something), the real files the corpus damages, and row counts of every model."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.apps import apps

from hyoka.evaluation.models import PlanYear
from hyoka.plans.models import Plan
from hyoka.workflow import services
from tests.factories import OTARU, SAPPORO, import_seed, make_user

_exported: dict[str, bytes] = {}


def row_counts() -> dict[str, int]:
    """Rows of every model of every app, the Historical* audit tables included."""
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.fixture
def seeded(db: None) -> Plan:
    return import_seed().plan


@pytest.fixture
def exported(db: None) -> bytes:
    """The FY2019 list as Hyoka exports it, made once per process (from the bundled list,
    imported then): it holds no ids the readers look at."""
    if "xlsx" not in _exported:
        from hyoka.publishing.services import report_for
        from hyoka.reports import render_xlsx

        import_seed()
        _exported["xlsx"] = render_xlsx.render(report_for())[2]
    return _exported["xlsx"]


@pytest.fixture
def report_json(db: None) -> bytes:
    """The FY2019 list's report as JSON (what the PDF renderers lay out), made once per process:
    the PDF cases of the corpus render it, changed or not."""
    if "report" not in _exported:
        from hyoka.publishing.services import report_for

        import_seed()
        _exported["report"] = json.dumps(report_for().to_json(), ensure_ascii=False).encode()
    return _exported["report"]


@pytest.fixture
def entry_year(seeded: Plan) -> tuple[PlanYear, dict[str, Any]]:
    """FY2020 opened, with an editor of 札幌市 (the lead of every project) and of 小樽市."""
    people = {
        "secretariat": make_user("sec", SAPPORO, "secretariat"),
        "editor": make_user("sapporo-editor", SAPPORO, "editor"),
        "otaru": make_user("otaru-editor", OTARU, "editor"),
    }
    year = services.open_year(people["secretariat"], seeded, 2020, deadline=dt.date(2020, 6, 30))
    return year, people
