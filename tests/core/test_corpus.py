"""``hyoka explain`` on the corpus of real-looking value texts (tests/core/corpus/values.tsv):
the share understood exactly, counted here and reported in docs/rating.md (issue 15).

Every text is understood exactly as a person reads it, or refused with a reason; none is
misread (understood, but otherwise than a person reads it).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hyoka.cli import main

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus" / "values.tsv"
RATING_DOC = HERE.parent.parent / "docs" / "rating.md"
#: The sentence of docs/rating.md that reports the figures (checked against the count).
DOC_SENTENCE = re.compile(
    r"Of the \*\*(?P<total>\d+)\*\* value texts of `tests/core/corpus/values.tsv`, Hyoka "
    r"understands \*\*(?P<exact>\d+)\*\* exactly \(\*\*(?P<percent>[\d.]+) %\*\*\); "
    r"(?P<refused>\d+) are refused with a reason \((?P<rightly>\d+) rightly: no reading is "
    r"right\), and none is misread\."
)


def corpus() -> list[tuple[str, str]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, expected = line.split("\t")
        rows.append((text, expected))
    return rows


def explained(texts: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    assert main(["explain", "--format", "json", "--", *texts]) == 0
    out: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return out


def _number(x: Any) -> str:
    return "None" if x is None else str(Decimal(str(x)).normalize())


def reading(v: dict[str, Any]) -> dict[str, str]:
    """The value object's reading in the corpus's own words."""
    out = {
        "kind": v["kind"],
        "number": _number(v["number"]),
        "unit": str(v["unit"]),
        "scale": str(v["scale"]),
        "per": str(v["per"]),
        "bound": str(v["bound"]),
        "each": "1" if v["each"] else "0",
        "quals": ",".join(v["qualifiers"]),
        "year": str(v["year"]),
        "rel": str(v["year_relation"]),
        "era_year": str(v.get("era_year")),
        "as_of": str(v.get("as_of")),
        "state": str(v["state"]),
        "relation": str(v["relation"]),
        "parts": "|".join(_number(p["number"]) for p in v.get("parts", [])),
        "footnotes": ",".join(v.get("footnotes", [])),
        "revised": ",".join(str(h["from"]) for h in v.get("target_history", [])[1:]),
    }
    return out


def classify(expected: str, v: dict[str, Any]) -> str:
    if v["kind"] == "text":
        assert v["reason"], v
        return "refused_rightly" if expected == "refuse" else "refused"
    if expected in ("refuse", "?"):
        return "misread"
    got = reading(v)
    for item in expected.split():
        key, _, want = item.partition("=")
        if key == "number":
            want = _number(want)
        elif key == "parts":
            want = "|".join(_number(p) if p != "None" else p for p in want.split("|"))
        if got[key] != want:
            return "misread"
    return "exact"


def counts(capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, int], list[str]]:
    rows = corpus()
    values = explained([t for t, _ in rows], capsys)
    assert len(values) == len(rows)
    tally = {"exact": 0, "refused": 0, "refused_rightly": 0, "misread": 0}
    misread = []
    for (text, expected), v in zip(rows, values, strict=True):
        kind = classify(expected, v)
        tally[kind] += 1
        if kind == "misread":
            misread.append(f"{text!r}: expected {expected!r}, read {reading(v)}")
    return tally, misread


def test_the_corpus_is_large_and_varied() -> None:
    rows = corpus()
    assert len(rows) >= 200
    assert len({t for t, _ in rows}) == len(rows)
    kinds = {e.split()[0] for _, e in rows if e.startswith("kind=")}
    assert kinds >= {
        "kind=quantity",
        "kind=range",
        "kind=change",
        "kind=transition",
        "kind=date",
        "kind=state",
    }


def test_no_text_is_misread_and_the_share_is_what_docs_say(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tally, misread = counts(capsys)
    assert misread == []
    total = sum(tally.values())
    m = DOC_SENTENCE.search(RATING_DOC.read_text(encoding="utf-8"))
    assert m is not None, "docs/rating.md does not report the corpus figures"
    refused = tally["refused"] + tally["refused_rightly"]
    reported = {k: m[k] for k in ("total", "exact", "refused", "rightly", "percent")}
    assert reported == {
        "total": str(total),
        "exact": str(tally["exact"]),
        "refused": str(refused),
        "rightly": str(tally["refused_rightly"]),
        "percent": f"{100 * tally['exact'] / total:.1f}",
    }
