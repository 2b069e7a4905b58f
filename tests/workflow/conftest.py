"""A plan with FY2019 imported and FY2020 opened, and one user per role and organisation."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from hyoka.accounts.models import Membership
from hyoka.evaluation.imports import import_status_list
from hyoka.evaluation.models import PlanYear
from hyoka.ingest.statuslist_text import bundled_bytes, read_status_list
from hyoka.plans.models import Municipality, Plan
from hyoka.workflow import services

SAPPORO, OTARU = "011002", "012033"


def make_user(name: str, code: str | None, role: str | None, **extra: Any) -> Any:
    user = get_user_model().objects.create_user(name, password="pw-for-tests-1", **extra)
    if code and role:
        Membership.objects.create(
            user=user, organisation=Municipality.objects.get(code=code), role=role
        )
    return user


@pytest.fixture
def plan(db: None) -> Plan:
    data = bundled_bytes()
    return import_status_list(read_status_list(data, "seed"), data).plan


@pytest.fixture
def users(plan: Plan) -> dict[str, Any]:
    """secretariat/editor/viewer of 札幌市 (the lead of every project) and of 小樽市."""
    out: dict[str, Any] = {}
    for role in ("secretariat", "editor", "viewer"):
        out[f"{role}-own"] = make_user(
            f"{role}-sapporo", SAPPORO, role, email=f"{role}@sapporo.test"
        )
        out[f"{role}-other"] = make_user(f"{role}-otaru", OTARU, role, email=f"{role}@otaru.test")
    return out


@pytest.fixture
def fy2020(plan: Plan, users: dict[str, Any]) -> PlanYear:
    return services.open_year(users["secretariat-own"], plan, 2020)
