from __future__ import annotations

import pytest

from hyoka.evaluation.imports import ImportResult, import_status_list
from hyoka.ingest.statuslist_text import bundled_bytes, read_status_list


@pytest.fixture
def imported(db: None) -> ImportResult:
    data = bundled_bytes()
    return import_status_list(read_status_list(data, "sapporo-fy2019 (bundled)"), data)
