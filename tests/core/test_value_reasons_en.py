"""The value grammar's reasons, warnings and resolutions in English (issue 15): every message
the grammar makes is a :class:`hyoka.core.i18n.Said` whose msgid the English catalogue
translates, and with the language ``en`` no reason of any text of the corpus is left in
Japanese (but for the document's own words, quoted in 「」)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka.core import i18n
from hyoka.core.assess import Context, assess
from hyoka.core.i18n import Said, in_language, use_language
from hyoka.core.resolve import resolve
from hyoka.core.values import explain

CORE = Path(i18n.__file__).resolve().parent
MODULES = ["values", "forms", "notes", "dates", "resolve", "guards"]
CORPUS = Path(__file__).parent / "corpus" / "values.tsv"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for name in MODULES:
        path = CORE / f"{name}.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if func in ("said", "gettext_noop", "Said") and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, f"{name}.py:{node.lineno}")
    return found


MSGIDS = _msgids()


def _english_only(text: str) -> bool:
    """No Japanese outside 「」 (the document's own words, quoted)."""
    return not JAPANESE.search(re.sub(r"「[^」]*」", "", text))


def test_the_messages_are_found() -> None:
    assert len(MSGIDS) > 40
    assert "数値・年度・状態のいずれとしても読めません" in MSGIDS


@pytest.mark.parametrize("msgid", sorted(MSGIDS), ids=lambda m: m[:30])
def test_every_message_is_translated(msgid: str) -> None:
    english = i18n._catalogue("en").gettext(msgid)
    assert english != msgid, f"{MSGIDS[msgid]}: not in django.po: {msgid!r}"
    assert set(PLACEHOLDER.findall(english)) == set(PLACEHOLDER.findall(msgid))
    assert _english_only(PLACEHOLDER.sub("", english)), english


def _corpus() -> list[str]:
    rows = CORPUS.read_text(encoding="utf-8").splitlines()
    return [r.split("\t")[0] for r in rows if r and not r.startswith("#")]


TEXTS = _corpus()
CTX = Context(2021, 2019, 2023)


def _said_of(text: str) -> list[str]:
    """Everything said of ``text`` at the value level: its reason, warnings and resolution,
    read as a target, an actual and a baseline of FY2021 in a 2019–2023 plan."""
    out: list[str] = []
    for role in ("target", "actual", "baseline"):
        v = resolve(explain(text), role, CTX.fiscal_year, (CTX.plan_start, CTX.plan_end))
        out += [x for x in (v.reason, v.resolution, *v.warnings) if x]
    return out


def test_the_corpus_is_there() -> None:
    assert len(TEXTS) >= 200


def test_every_reason_of_the_corpus_is_a_said_message() -> None:
    plain = [(t, s) for t in TEXTS for s in _said_of(t) if not isinstance(s, Said)]
    assert plain == []


def test_no_reason_of_the_corpus_is_japanese_only_in_english() -> None:
    left = [
        (t, in_language(s, "en")) for t in TEXTS for s in _said_of(t)
        if not _english_only(in_language(s, "en"))
    ]  # fmt: skip
    assert left == []
    with use_language("en"):
        assert [in_language(s) for s in _said_of("たくさん")] == [
            "cannot be read as a figure, a year or a state"
        ] * 3


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TEXTS), st.sampled_from(TEXTS), st.sampled_from(TEXTS))
def test_rating_reasons_in_english_carry_no_japanese_reason(
    target: str, actual: str, baseline: str
) -> None:
    """The English reason of a rating says the values' reasons, resolutions and warnings
    in English, never in their Japanese."""
    plan = (CTX.plan_start, CTX.plan_end)
    t, a, b = (resolve(explain(x), r, 2021, plan) for x, r in
               ((target, "target"), (actual, "actual"), (baseline, "baseline")))  # fmt: skip
    english = assess(t, a, b, CTX).facts.en
    for v in (t, a, b):
        for said in (v.reason, v.resolution, *v.warnings):
            if said and in_language(said, "en") != said:
                assert said not in english, (said, english)
