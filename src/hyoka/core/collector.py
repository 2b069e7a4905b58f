"""Python's cyclic garbage collector held off while a large batch is built: rating a nationwide
table of indicator-years (:func:`hyoka.core.aggregate.rate_symbols`), importing a list of
thousands of rows, building a year's status list from its model instances.  Such work makes few
or no cycles, but allocates so many objects that the collector's passes, run again and again as
they are made, walk every live object (the memos, the rows) for nothing: a sixth of a
1,000-project import's CPU time, a tenth of rating 10⁵ rows, a fifth of building the list of
1,000 projects.  Switched on again after; what the work left unreachable is collected by its
next pass."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collections_paused() -> Iterator[None]:
    """Hold off the cyclic collector for the ``with`` block, then restore it as it was (left
    off when it was off already).

    >>> with collections_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
