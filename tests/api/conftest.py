"""Each API test starts with no failed-token counts (Django's cache) and no kept answers."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from hyoka.evaluation import queries


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()  # the failed-token counts
    queries.KEPT.clear()
