"""Shared fixtures: the bundled FY2019 list as bytes and as read."""

from __future__ import annotations

from importlib import resources

import pytest

from hyoka.core.statuslist import StatusList
from hyoka.ingest.statuslist_text import BUNDLED, read_status_list


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return resources.files("hyoka.data").joinpath(BUNDLED["sapporo-fy2019"]).read_bytes()


@pytest.fixture(scope="session")
def seed_text(seed_bytes: bytes) -> str:
    return seed_bytes.decode("utf-8")


@pytest.fixture
def seed(seed_bytes: bytes) -> StatusList:
    return read_status_list(seed_bytes, "seed.txt")
