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


# -- the PostgreSQL pass -------------------------------------------------------------------------

#: fixtures through which a test reaches the database (pytest-django blocks every other way in
#: the test's own process); a test reaching it from a subprocess is marked ``database``
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "django_db_setup",
    }
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use a database (the PostgreSQL pass of scripts/test: "
        "the others do not depend on the database and already ran in the SQLite pass)",
    )


def uses_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        fixtures & DATABASE_FIXTURES
        or item.get_closest_marker("django_db")
        or item.get_closest_marker("database")
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--database-tests-only"):
        return
    kept = [item for item in items if uses_database(item)]
    config.hook.pytest_deselected(items=[item for item in items if not uses_database(item)])
    items[:] = kept
