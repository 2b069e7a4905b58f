"""Every message the readers and ``hyoka check`` / ``hyoka import`` make goes through
:func:`hyoka.core.i18n.tr` with a Japanese msgid that the English catalogue translates, with
the same placeholders; a run speaks one language, ``expected`` included."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

from hyoka.core import i18n

SRC = Path(i18n.__file__).resolve().parent.parent
#: Where reader and CLI messages are made.
MODULES = [
    *sorted((SRC / "ingest").glob("*.py")),
    SRC / "core" / "statuslist.py",
    SRC / "core" / "evaluate.py",
    SRC / "cli" / "check.py",
    SRC / "cli" / "importer.py",
    SRC / "evaluation" / "imports.py",
    SRC / "evaluation" / "lookup.py",
    SRC / "evaluation" / "lineage.py",
]
#: Calls whose first string argument (second for ``unreadable``) is a msgid.
CALLS = {"tr": 0, "gettext_noop": 0, "unreadable": 1}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            at = CALLS.get(str(name))
            if at is None or len(node.args) <= at:
                continue
            arg = node.args[at]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, f"{path.name}:{node.lineno}")
    return found


MSGIDS = msgids()


def catalogue() -> gettext.GNUTranslations:
    mo = i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as fh:
        return gettext.GNUTranslations(fh)


def test_the_messages_are_found() -> None:
    assert len(MSGIDS) > 80
    assert "ファイルが空です" in MSGIDS


@pytest.mark.parametrize("msgid", sorted(MSGIDS), ids=lambda m: m[:30])
def test_every_message_is_translated(msgid: str) -> None:
    english = catalogue().gettext(msgid)
    assert english != msgid, f"{MSGIDS[msgid]}: not in django.po: {msgid!r}"
    assert sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(msgid))
    # English but for the document's own words: quoted examples, headers (評価指標) in kanji
    rest = re.sub(r"「[^」]*」", "", PLACEHOLDER.sub("", english))
    assert not re.search(r"[\u3040-\u30ff]", rest), english


def test_one_language_per_run() -> None:
    assert i18n.language() == "ja"
    with i18n.use_language("en-GB") as lang:
        assert lang == "en"
        assert i18n.tr("ファイルが空です") == "the file is empty"
        with i18n.use_language("ja"):
            assert i18n.tr("ファイルが空です") == "ファイルが空です"
        assert i18n.language() == "en"
    assert i18n.language() == "ja"
    with pytest.raises(i18n.UnknownLanguage), i18n.use_language("fr"):
        pass


def test_the_evaluations_value_problems_speak_the_runs_language() -> None:
    """A value the grammar cannot read, and a value's warning: Japanese by default, English in
    an English run (the reason too), never the Japanese sentence inside an English one."""
    from hyoka.core.evaluate import evaluate
    from hyoka.ingest.statuslist_text import read_bundled

    doc = read_bundled()
    doc.projects[1].indicators[0].actual = "ほぼ達成"  # a text the grammar refuses

    def problem(lang: str) -> str:
        with i18n.use_language(lang):
            found = [p for p in evaluate(doc).problems if p.kind == "value_not_understood"]
        assert found
        return found[0].message

    assert problem("ja").startswith("実績値「ほぼ達成」を読めません: ")
    english = problem("en")
    assert english.startswith("Actual “ほぼ達成” cannot be read: ")
    assert not re.search(r"[ぁ-んァ-ヶ]", english.replace("ほぼ達成", "")), english
