"""Shared fixtures: the bundled FY2019 list as bytes, as read, and imported into the database."""

from __future__ import annotations

from importlib import resources

import pytest

from hyoka.core.statuslist import StatusList
from hyoka.evaluation.imports import ImportResult
from hyoka.ingest.statuslist_text import BUNDLED, read_status_list
from hyoka.plans.models import Plan
from tests.factories import import_seed


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return resources.files("hyoka.data").joinpath(BUNDLED["sapporo-fy2019"]).read_bytes()


@pytest.fixture(scope="session")
def seed_text(seed_bytes: bytes) -> str:
    return seed_bytes.decode("utf-8")


@pytest.fixture
def seed(seed_bytes: bytes) -> StatusList:
    return read_status_list(seed_bytes, "seed.txt")


@pytest.fixture
def imported(db: None) -> ImportResult:
    """The bundled FY2019 list imported (plan, projects, indicators, FY2019 figures)."""
    return import_seed()


@pytest.fixture
def plan(imported: ImportResult) -> Plan:
    """The plan of the imported FY2019 list."""
    return imported.plan
