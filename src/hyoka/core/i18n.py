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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

__all__ = [
    "DEFAULT",
    "LANGUAGES",
    "Said",
    "UnknownLanguage",
    "both",
    "gettext_noop",
    "in_language",
    "language",
    "said",
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


class Said(str):
    """A message made in Japanese — the string itself, so that JSON, comparisons and storage
    see the Japanese — that can still be said in another language: it keeps its msgid and
    parameters (:func:`in_language`).  The value grammar's reasons, warnings and resolutions
    are made so (:func:`said`): the grammar runs once and caches its values whatever the
    language, and a rating's English reason or an English run says them in English.

    >>> r = said("見直し後の目標「%(figure)s」を読めません", figure="40件")
    >>> r, in_language(r, "en")
    ('見直し後の目標「40件」を読めません', 'the revised target 「40件」 cannot be read')
    >>> in_language(Said.joined([said("空欄です"), said("注記の印だけです")], "。", "; "), "en")
    'blank; only a footnote mark'
    """

    __slots__ = ("msgid", "params", "parts")
    msgid: str | None
    params: dict[str, object]
    parts: tuple[str, ...]

    def __new__(cls, msgid: str, /, **params: object) -> Said:
        self = super().__new__(cls, msgid % params if params else msgid)
        self.msgid, self.params, self.parts = msgid, params, ()
        return self

    @classmethod
    def joined(cls, parts: Iterable[str], sep: str, sep_en: str) -> Said:
        """Messages joined by ``sep`` (``sep_en`` in English), each said in its language."""
        parts = tuple(parts)
        self = super().__new__(cls, sep.join(parts))
        self.msgid, self.params, self.parts = None, {"sep": sep_en}, parts
        return self

    def __reduce_ex__(self, protocol: object) -> tuple[object, ...]:
        return (_unpickle, (str(self), self.msgid, self.params, self.parts))


def _unpickle(
    text: str, msgid: str | None, params: dict[str, object], parts: tuple[str, ...]
) -> Said:
    self = str.__new__(Said, text)
    self.msgid, self.params, self.parts = msgid, params, parts
    return self


def said(message: str, **params: object) -> Said:
    """``message`` (a Japanese msgid) with ``params``, in Japanese, sayable in English later
    (one :class:`Said` per message without parameters: it is immutable)."""
    if params:
        return Said(message, **params)
    plain = _PLAIN.get(message)
    if plain is None:
        plain = _PLAIN[message] = Said(message)
    return plain


_PLAIN: dict[str, Said] = {}


def in_language(text: str, lang: str | None = None) -> str:
    """``text`` in ``lang`` (the current language by default): a :class:`Said` is said again
    from its msgid (its :class:`Said` parameters too); any other text is as it is."""
    lang = lang or language()
    if lang == DEFAULT or not isinstance(text, Said):
        return str(text)
    if text.msgid is None:
        sep = str(text.params["sep"])
        return sep.join(in_language(p, lang) for p in text.parts)
    message = _catalogue(lang).gettext(text.msgid)
    if not text.params:
        return message
    return message % {k: _param(v, lang) for k, v in text.params.items()}


def _param(value: object, lang: str) -> object:
    return in_language(value, lang) if isinstance(value, Said) else value


def tr(message: str, **params: object) -> str:
    """``message`` (a Japanese msgid) in the current language, with its ``%(name)s``
    placeholders filled from ``params`` (a :class:`Said` parameter said in that language)."""
    lang = language()
    text = _catalogue(lang).gettext(message)
    if not params:
        return text
    if lang != DEFAULT:
        params = {k: _param(v, lang) for k, v in params.items()}
    return text % params


def both(message: str, **params: object) -> tuple[str, str]:
    """``message`` in Japanese and in English, whatever the current language: for the reasons
    of a rating, which carry both (:class:`hyoka.core.assess.Reason`); a :class:`Said`
    parameter is said in each language.

    >>> both("実績値は%(year)s年度の数値で、一覧の年度（%(fiscal_year)s年度）より後です",
    ...      year=2021, fiscal_year=2019)[1]
    "the actual is a figure of 2021, after the list's fiscal year (2019)"
    """
    text = _ENGLISH.get(message)
    if text is None:  # the catalogue looked up once per message (a rating reason is made often)
        text = _ENGLISH[message] = _catalogue("en").gettext(message)
    if not params:
        return message, text
    for v in params.values():
        if isinstance(v, Said):
            return message % params, text % {k: _param(v, "en") for k, v in params.items()}
    return message % params, text % params


#: English of the messages :func:`both` has said: the catalogue does not change while running.
_ENGLISH: dict[str, str] = {}
