"""A plan with FY2019 imported and FY2020 opened, and one user per role and organisation
(the plan fixture itself is the root conftest's)."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.evaluation.models import PlanYear
from hyoka.plans.models import Plan
from hyoka.workflow import services
from tests.factories import OTARU, SAPPORO, make_user


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
