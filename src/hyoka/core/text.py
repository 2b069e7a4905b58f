"""The rules of the one gate every text passes on its way in (web forms, the API, the entry
workbook, the readers of imported lists, the admin, ``hyoka load``): how it is normalised and
what is refused, in pure Python.  :mod:`hyoka.gate` applies them to the models' fields (their
``max_length``, whether they hold several lines); the readers apply them to a list's pieces
(:func:`hyoka.ingest.limits.text_problems`).

Normalised (never refused for it):

* Unicode NFC — the canonical form, same look, one spelling of each character.  The readers
  of Excel and PDF lists store NFKC text, which is already NFC, so an imported list passes
  unchanged; compatibility forms people type (``（見込）``, ``①``, ``㎡``) are kept as typed —
  :func:`hyoka.core.values.normalise` reads them when a value is understood;
* line breaks to ``\\n`` (``\\r\\n``, ``\\r``, U+2028, U+2029) in texts of several lines;
* spaces, tabs and line breaks around the text removed.

Refused, naming the field:

* a text longer than its column (:data:`MAX_TEXT` for texts of several lines);
* NUL and every other control character (C0, DEL, C1) — tab and line break only in a text of
  several lines; a lone surrogate and the non-characters U+FFFE, U+FFFF (no UTF-8 or XML file
  holds them: PostgreSQL, a dump, the xlsx would fail on them).

Kept, and shown escaped on pages: the bidirectional formatting characters (:data:`BIDI`).

>>> clean(" 約79,600人（見込）\\n", label="実績値", limit=200)
'約79,600人（見込）'
>>> clean("1行目\\r\\n2行目", label="説明", multiline=True)
'1行目\\n2行目'
>>> clean("46\\x01人", label="実績値", limit=200)
Traceback (most recent call last):
...
hyoka.core.text.TextRefused: 実績値に制御文字（U+0001）があります。取り除いてください
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from hyoka.core.i18n import tr

__all__ = [
    "BIDI",
    "MAX_TEXT",
    "TextRefused",
    "clean",
    "normalise",
    "problem",
]

#: The longest text of several lines (事業概要, 連携事業実施状況等, 説明, 理由): far more than
#: any list writes in one cell.
MAX_TEXT = 20_000
#: Bidirectional embedding, override and isolate characters: allowed, shown escaped.
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
_NONCHARACTERS = frozenset("\ufffe\uffff")


class TextRefused(ValueError):
    """A text the gate refuses; ``str()`` is the reason naming the field."""

    def __init__(self, message: str, kind: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        #: the model field refused (set by :func:`hyoka.gate.clean_text`)
        self.field = field


@dataclass(frozen=True)
class _Found:
    kind: str
    message: str


def normalise(text: str, *, multiline: bool = False) -> str:
    """NFC, line breaks as ``\\n`` (in a text of several lines), stripped.

    >>> normalise("e\u0301") == "\u00e9"
    True
    """
    if _surrogate(text) is not None:
        return text.strip()  # refused by problem(); NFC cannot take it
    text = unicodedata.normalize("NFC", text)
    if multiline:
        text = _BREAKS.sub("\n", text)
    return text.strip()


def _surrogate(text: str) -> str | None:
    return next((ch for ch in text if "\ud800" <= ch <= "\udfff"), None)


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _find(text: str, limit: int | None, multiline: bool, label: str) -> _Found | None:
    lone = _surrogate(text)
    if lone is not None:
        return _Found(
            "surrogate",
            tr(
                "%(label)sに文字として読めない符号（%(code)s）があります。取り除いてください",
                label=label,
                code=_code(lone),
            ),
        )
    for ch in text:
        if ch in "\t\n\r\u2028\u2029":
            if multiline:
                continue
            return _Found(
                "line_break",
                tr("%(label)sに改行やタブは入れられません。1行で書いてください", label=label),
            )
        if ch in _NONCHARACTERS or unicodedata.category(ch) == "Cc":
            return _Found(
                "control",
                tr(
                    "%(label)sに制御文字（%(code)s）があります。取り除いてください",
                    label=label,
                    code=_code(ch),
                ),
            )
    limit = MAX_TEXT if limit is None else limit
    if len(text) > limit:
        return _Found(
            "too_long",
            tr(
                "%(label)sが%(length)s文字あり、%(limit)s文字までしか保存できません",
                label=label,
                length=f"{len(text):,}",
                limit=f"{limit:,}",
            ),
        )
    return None


def problem(
    text: str, *, label: str, limit: int | None = None, multiline: bool = False
) -> tuple[str, str] | None:
    """``(kind, message)`` when the gate would refuse ``text`` as it stands (not normalised:
    what ``hyoka check-db`` and ``hyoka load`` ask of stored texts), else None.  ``kind``:
    ``too_long``, ``control``, ``line_break`` or ``surrogate``."""
    found = _find(text, limit, multiline, label)
    return (found.kind, found.message) if found else None


def clean(text: str, *, label: str, limit: int | None = None, multiline: bool = False) -> str:
    """``text`` normalised (:func:`normalise`), or :class:`TextRefused` naming ``label``."""
    text = normalise(text, multiline=multiline)
    found = _find(text, limit, multiline, label)
    if found is not None:
        raise TextRefused(found.message, found.kind)
    return text
