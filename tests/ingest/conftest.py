"""Fixtures of the reader tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hyoka.core.i18n import use_language


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English (the readers speak Japanese by default)."""
    with use_language("en"):
        yield
