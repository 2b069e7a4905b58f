"""What many tests build: users with a duty in a municipality, and the bundled seed imported."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from hyoka.accounts.models import Membership
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
    from hyoka.workflow import services

    plan = import_seed().plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    editor = make_user("ed", SAPPORO, "editor")
    services.open_year(secretariat, plan, 2020)
    ind = plan.projects.get(number=4).indicators.get()
    services.enter_actual(editor, ind, 2020, ENTERED, version=None)
    return plan
