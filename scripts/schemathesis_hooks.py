"""Hooks of ``scripts/schemathesis``: requests the server refuses before the API sees them are
not generated.

gunicorn (which ``hyoka serve`` runs) answers 414 to a request line longer than 4,094 bytes
(its ``limit_request_line``), before Django or the API sees the request; schemathesis, drawing
many long values for a list parameter (``GET /api/v1/plans?area=…&area=…``), once drew a
4,914-byte line and reported the 414 as a status the schema does not declare.  A query whose
encoding is longer than :data:`LONGEST` bytes is therefore dropped: what the API answers is
what is tested.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import schemathesis

#: The longest query string generated: gunicorn's request line (4,094 bytes) less the method,
#: the longest path and the protocol, with room to spare for how schemathesis spells values.
LONGEST = 3_500


@schemathesis.hook
def filter_query(context: Any, query: dict[str, Any] | None) -> bool:
    """Whether ``query`` fits in a request line the server reads."""
    if not query:
        return True
    return len(urlencode(query, doseq=True)) <= LONGEST
