"""What many tests build: users with a duty in a municipality, and the bundled seed imported."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from hyoka.accounts.models import Membership
from hyoka.evaluation import queries
from hyoka.evaluation.demo import add_up_members_parts
from hyoka.evaluation.imports import ImportResult
from hyoka.ingest.statuslist_text import bundled_bytes, read_status_list
from hyoka.plans.models import Municipality, Plan
from hyoka.publishing.imports import import_status_list

#: 団体コード of 札幌市 (the lead of every project of the bundled plan) and 小樽市 (a participant)
SAPPORO, OTARU = "011002", "012033"
PASSWORD = "pw-for-tests-1"


def make_user(name: str, code: str | None, duty: str | None, **extra: Any) -> Any:
    """A user (password :data:`PASSWORD`) with ``duty`` in the municipality ``code``, if given."""
    user = get_user_model().objects.create_user(name, password=PASSWORD, **extra)
    if code and duty:
        Membership.objects.create(
            user=user, municipality=Municipality.objects.get(code=code), duty=duty
        )
    return user


def import_seed() -> ImportResult:
    """The bundled FY2019 Sapporo list imported as the CLI's ``hyoka import --demo`` does."""
    data = bundled_bytes()
    return import_status_list(read_status_list(data, "sapporo-fy2019 (bundled)"), data)


def import_demo() -> ImportResult:
    """The demo ``hyoka serve`` loads: the seed imported, and the indicators that count across
    members made sums of each participant's part (:mod:`hyoka.evaluation.demo`)."""
    result = import_seed()
    add_up_members_parts(result.plan)
    return result


#: The figure :func:`seed_with_an_entry` enters (project 4, FY2020), as a backup must keep it.
ENTERED = "約16件（見込）"


def seed_with_an_entry() -> Plan:
    """The seed imported, FY2020 opened by a secretariat and :data:`ENTERED` entered by an
    editor of 札幌市: a database with users, an open year and an audit trail worth backing up."""
    from hyoka.workflow import entering, services

    plan = import_seed().plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    editor = make_user("ed", SAPPORO, "editor")
    services.open_year(secretariat, plan, 2020)
    ind = plan.projects.get(number=4).indicators.get()
    entering.enter_actual(editor, ind, 2020, ENTERED, version=None)
    return plan


#: A made-up second area (not a real 連携中枢都市圏) with members of its own, for tests with
#: two areas in one database: (団体コード with its check digit, name, central city?).
SAPPORO_AREA = "さっぽろ連携中枢都市圏"
OTHER_AREA = "かもめ連携中枢都市圏"
OTHER_SLUG = "kamome"
OTHER_MEMBERS = [("012025", "函館市", True), ("013374", "七飯町", False)]


def import_plan2() -> ImportResult:
    """The bundled made-up FY2024 list (plan 2, 2024–2028) imported beside plan 1."""
    data = bundled_bytes("sapporo-fy2024-example")
    sl = read_status_list(data, "sapporo-fy2024-example (bundled)")
    return import_status_list(sl, data, period=(2024, 2028))


def import_two_plans() -> dict[str, Plan]:
    """Plan 1 (the bundled FY2019 list, 2019–2023) and plan 2 (the made-up FY2024 list,
    2024–2028) of :data:`SAPPORO_AREA` in one database, as ``{"p1": …, "p2": …}``; the pages
    kept from an earlier test's database are dropped (they are keyed on the data's version)."""
    queries.KEPT.clear()
    return {"p1": import_seed().plan, "p2": import_plan2().plan}


def import_two_areas() -> dict[str, Plan]:
    """:func:`import_two_plans` and, as ``"other"``, the plan of :data:`OTHER_AREA`."""
    return import_two_plans() | {"other": import_other_area().plan}


def import_other_area(year: int = 2024) -> ImportResult:
    """The made-up second area (:data:`OTHER_AREA`, its own members) with a list of ``year``
    in its plan 2024–2028: the FY2024 example list under the other area's name."""
    from hyoka.plans.models import Area

    area, _ = Area.objects.get_or_create(name=OTHER_AREA, defaults={"slug": OTHER_SLUG})
    for order, (code, name, central) in enumerate(OTHER_MEMBERS, 1):
        Municipality.objects.get_or_create(
            code=code, defaults={"name": name, "area": area, "is_central": central, "order": order}
        )
    text = bundled_bytes("sapporo-fy2024-example").decode("utf-8")
    text = text.replace("さっぽろ連携中枢都市圏 2024年度", f"{OTHER_AREA} {year}年度")
    data = text.encode("utf-8")
    sl = read_status_list(data, f"{OTHER_AREA}-fy{year}.txt")
    return import_status_list(sl, data, period=(2024, 2028))


def reason(err: str) -> str:
    """A command's stderr without the line naming its database (hyoka.django_setup)."""
    from hyoka.django_setup import DATABASE_LINE

    return "".join(
        line for line in err.splitlines(keepends=True) if not line.startswith(DATABASE_LINE)
    )


def plan_of(year: int) -> Plan:
    """The one plan whose period covers ``year`` (tests with one area and no overlap)."""
    return Plan.objects.get(start_year__lte=year, end_year__gte=year)


def year_url(name: str, *rest: object, year: int = 2019) -> str:
    """The plan-explicit URL of the page ``name`` of ``year`` (``web:project``, 14 →
    ``/plans/<plan>/2019/projects/14/``)."""
    from django.urls import reverse

    return reverse(name, args=[plan_of(year).pk, year, *rest])
