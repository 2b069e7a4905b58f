"""The language of a run's messages, outside Django: Python's own :mod:`gettext` over the
catalogue Django compiles (``hyoka/locale/<lang>/LC_MESSAGES/django.mo``).

Japanese is the source language (every message is written in Japanese in the code and is its
own msgid); English comes from the same ``django.po`` the web pages use, so a message is
translated once for both.  The readers and the command line (``hyoka check --lang en``,
``hyoka import --lang en``) run without Django set up: they choose the language for a block of
work with :func:`use_language`, and every message made inside it — problems, refusals,
``expected`` — is in that language.  Django code that calls a reader can pass its own active
language (``use_language(get_language())``).

>>> tr("事業番号「%(number)s」は数字ではありません。この行を読み飛ばしました", number="二")
'事業番号「二」は数字ではありません。この行を読み飛ばしました'
>>> with use_language("en"):
...     tr("事業番号「%(number)s」は数字ではありません。この行を読み飛ばしました", number="二")
'project number 「二」 is not a number; the row was skipped'
>>> language()
'ja'
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

__all__ = [
    "DEFAULT",
    "LANGUAGES",
    "UnknownLanguage",
    "both",
    "gettext_noop",
    "language",
    "tr",
    "use_language",
]

#: The languages messages are written in; the first is the source language and the default.
LANGUAGES = ("ja", "en")
DEFAULT = LANGUAGES[0]
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "django"

_current: ContextVar[str] = ContextVar("hyoka_language", default=DEFAULT)


class UnknownLanguage(ValueError):
    """A language Hyoka has no messages in."""


def language() -> str:
    """The language of the messages being made now."""
    return _current.get()


@contextmanager
def use_language(lang: str | None) -> Iterator[str]:
    """Make the messages of the block in ``lang`` (``ja`` or ``en``; a region such as ``en-us``
    is taken as its language; None keeps the current one)."""
    code = (lang or language()).lower().replace("_", "-").split("-")[0]
    if code not in LANGUAGES:
        raise UnknownLanguage(f"no messages in {lang!r}; one of {', '.join(LANGUAGES)}")
    token = _current.set(code)
    try:
        yield code
    finally:
        _current.reset(token)


@cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def gettext_noop(message: str) -> str:
    """Marks a message kept in a constant, translated later with :func:`tr`."""
    return message


def tr(message: str, **params: object) -> str:
    """``message`` (a Japanese msgid) in the current language, with its ``%(name)s``
    placeholders filled from ``params``."""
    text = _catalogue(language()).gettext(message)
    return text % params if params else text


def both(message: str, **params: object) -> tuple[str, str]:
    """``message`` in Japanese and in English, whatever the current language: for the reasons
    of a rating, which carry both (:class:`hyoka.core.assess.Reason`).

    >>> both("実績値は%(year)s年度の数値で、一覧の年度（%(fiscal_year)s年度）より後です",
    ...      year=2021, fiscal_year=2019)[1]
    "the actual is a figure of 2021, after the list's fiscal year (2019)"
    """
    ja = message % params if params else message
    text = _catalogue("en").gettext(message)
    return ja, text % params if params else text
