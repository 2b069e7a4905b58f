"""The English catalogue: every message translated, none fuzzy, and the compiled .mo is the one
Django loads and agrees with the .po."""

from __future__ import annotations

import gettext as stdlib_gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import gettext, override


@dataclass
class Entry:
    msgid: str = ""
    msgstr: str = ""
    flags: set[str] = field(default_factory=set)
    context: str | None = None
    msgid_plural: str | None = None


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    """The value of one PO string literal: ``"a\\"b"`` → ``a"b``."""
    text = text.strip()
    if len(text) < 2 or not text[0] == text[-1] == '"':
        raise ValueError(f"not a PO string: {text!r}")
    out: list[str] = []
    chars = iter(text[1:-1])
    for ch in chars:
        if ch == "\\":
            nxt = next(chars)
            out.append(_ESCAPES.get(nxt, "\\" + nxt))
        else:
            out.append(ch)
    return "".join(out)


def parse_po(path: Path) -> list[Entry]:
    """A small PO reader: comments and flags, msgctxt, msgid, msgstr (plurals marked), and
    continuation lines.  The header (empty msgid) is included as the first entry."""
    entries: list[Entry] = []
    entry = Entry()
    target: str | None = None  # which field continuation lines extend
    started = False

    def finish() -> None:
        nonlocal entry, target, started
        if started:
            entries.append(entry)
        entry, target, started = Entry(), None, False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            if started and target == "msgstr":
                finish()
            entry.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
        elif line.startswith("#"):
            if started and target == "msgstr":
                finish()
        elif line.startswith("msgctxt "):
            if started:
                finish()
            entry.context, target, started = _unquote(line[8:]), "context", True
        elif line.startswith("msgid_plural "):
            entry.msgid_plural, target = _unquote(line[13:]), "plural"
        elif line.startswith("msgid "):
            if started and target != "context":
                finish()
            entry.msgid, target, started = _unquote(line[6:]), "msgid", True
        elif line.startswith("msgstr["):
            # plural forms: keep the singular one; an empty later form is flagged
            value = _unquote(line.split("]", 1)[1])
            if line.startswith("msgstr[0]"):
                entry.msgstr = value
            elif not value:
                entry.flags.add("empty-plural-form")
            target = "msgstr"
        elif line.startswith("msgstr "):
            entry.msgstr, target = _unquote(line[7:]), "msgstr"
        elif line.startswith('"'):
            value = _unquote(line)
            if target == "msgid":
                entry.msgid += value
            elif target == "msgstr":
                entry.msgstr += value
            elif target == "plural":
                entry.msgid_plural = (entry.msgid_plural or "") + value
            elif target == "context":
                entry.context = (entry.context or "") + value
        else:
            pytest.fail(f"unexpected PO line: {raw!r}")
    finish()
    return entries


PO = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
ENTRIES = parse_po(PO)
MESSAGES = [e for e in ENTRIES if e.msgid]


PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]")


def _placeholders(text: str) -> list[str]:
    """``%(name)s``-style placeholders (``%(name)d`` and the like too), sorted; a year written
    in brackets after a percent (``12.0%(H24)→``) is no placeholder."""
    return sorted(PLACEHOLDER.findall(text))


def test_catalogue_is_parsed() -> None:
    assert ENTRIES[0].msgid == ""  # the header
    assert "Language: en" in ENTRIES[0].msgstr
    assert len(MESSAGES) >= 100


def test_every_message_has_a_translation() -> None:
    missing = [e.msgid for e in MESSAGES if not e.msgstr.strip()]
    assert not missing, f"untranslated: {missing}"


def test_nothing_is_fuzzy() -> None:
    fuzzy = [e.msgid for e in ENTRIES if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not [e.msgid for e in ENTRIES if "empty-plural-form" in e.flags]


def test_placeholders_are_kept() -> None:
    for e in MESSAGES:
        assert _placeholders(e.msgstr) == _placeholders(e.msgid), e.msgid


def test_compiled_catalogue_is_loaded() -> None:
    with override("en"):
        assert gettext("実施状況等一覧") == "Status list"
    with override("ja"):
        assert gettext("実施状況等一覧") == "実施状況等一覧"


SAMPLES = [
    "連携事業",
    "評価（算出）",
    "幹事市町村",
    "%(y)s年度（%(w)s）の評価",
    "■ 基準値　◆ 目標値　● 実績（○ は見込・予定）　破線は基準値から目標値への直線経路",
]


@pytest.mark.parametrize("msgid", SAMPLES)
def test_django_translation_matches_po(msgid: str) -> None:
    by_id = {e.msgid: e.msgstr for e in MESSAGES}
    assert msgid in by_id, "sample no longer in the catalogue"
    with override("en"):
        assert gettext(msgid) == by_id[msgid]


def test_mo_is_compiled_from_this_po() -> None:
    """A stale .mo (compiled before the last .po edit) would disagree somewhere."""
    with MO.open("rb") as fh:
        mo = stdlib_gettext.GNUTranslations(fh)

    def compiled(e: Entry) -> str:
        if e.msgid_plural is not None:
            if e.context is not None:
                return mo.npgettext(e.context, e.msgid, e.msgid_plural, 1)
            return mo.ngettext(e.msgid, e.msgid_plural, 1)
        if e.context is not None:
            return mo.pgettext(e.context, e.msgid)
        return mo.gettext(e.msgid)

    stale = [e.msgid for e in MESSAGES if compiled(e) != e.msgstr]
    assert not stale, f"recompile with compilemessages: {stale}"
