"""What many tests build: users with a role in an organisation, and the bundled seed imported."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from hyoka.accounts.models import Membership
from hyoka.evaluation.imports import ImportResult, import_status_list
from hyoka.ingest.statuslist_text import bundled_bytes, read_status_list
from hyoka.plans.models import Municipality

#: 団体コード of 札幌市 (the lead of every project of the bundled plan) and 小樽市 (a participant)
SAPPORO, OTARU = "011002", "012033"
PASSWORD = "pw-for-tests-1"


def make_user(name: str, code: str | None, role: str | None, **extra: Any) -> Any:
    """A user (password :data:`PASSWORD`) with ``role`` in the organisation ``code``, if given."""
    user = get_user_model().objects.create_user(name, password=PASSWORD, **extra)
    if code and role:
        Membership.objects.create(
            user=user, organisation=Municipality.objects.get(code=code), role=role
        )
    return user


def import_seed() -> ImportResult:
    """The bundled FY2019 Sapporo list imported as the CLI's ``hyoka import --demo`` does."""
    data = bundled_bytes()
    return import_status_list(read_status_list(data, "sapporo-fy2019 (bundled)"), data)
