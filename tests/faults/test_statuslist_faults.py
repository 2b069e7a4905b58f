"""Every malformed status list, text or xlsx, through every way in: the reader itself,
``hyoka check`` and ``hyoka import`` — a clear message naming the file (and the row, column,
text and what was expected where they apply), no traceback, bounded time, and nothing written.

The cases say what the message must contain in English (``--lang en``); the same refusal in
the default language is checked to be Japanese."""

from __future__ import annotations

import json
import re
import resource
import time
from pathlib import Path

import pytest

from hyoka.cli import main
from hyoka.core.i18n import use_language
from hyoka.core.statuslist import StatusList
from hyoka.ingest.readers import UnreadableFile, read_path
from hyoka.plans.models import Plan
from tests.factories import reason
from tests.faults.conftest import row_counts
from tests.faults.corpus import GENERIC, MB, PDFS, TEXT, TRACEBACK, XLSX, Case

pytestmark = pytest.mark.django_db

#: Each case as the file a person would give: generic ones both as text and as a workbook.
FILES = (
    [(c, ".txt") for c in GENERIC]
    + [(c, ".xlsx") for c in GENERIC]
    + [(c, ".pdf") for c in GENERIC if c.message_for("pdf")]
    + [(c, c.suffix) for c in TEXT + XLSX + PDFS]
)
IDS = [f"{c.id}{suffix}" for c, suffix in FILES]
SECONDS = 30  # every case, the largest included, is read in well under this
MAX_GROWTH = 1500 * MB  # peak memory the reader may add to the process


#: Where a problem is: a row and column, after the page in a PDF.
PLACE_EN = re.compile(r"^(page \d+, )?row \d+")
PLACE_JA = re.compile(r"^(\d+ページ )?行\d+")


@pytest.fixture
def bases(seed: bytes, exported: bytes, report_json: bytes) -> dict[str, bytes]:
    """The real file each kind of case damages."""
    return {".txt": seed, ".xlsx": exported, ".pdf": report_json}


def _write(tmp_path: Path, case: Case, suffix: str, bases: dict[str, bytes]) -> Path:
    base = bases.get(suffix, bases[".txt"])
    path = tmp_path / f"list-{case.id}{suffix}"
    path.write_bytes(case.make(base))
    return path


def _expected(case: Case, suffix: str) -> str:
    return case.message_for({".xlsx": "xlsx", ".pdf": "pdf"}.get(suffix, "text"))


def _check_problem(sl: StatusList, case: Case) -> None:
    errors = [p for p in sl.problems if p.severity == "error" and p.kind == case.problem]
    assert errors, [(p.kind, p.severity, p.message) for p in sl.problems]
    for p in errors:
        assert p.where is not None, p
        assert p.where.row >= 1, p
        assert p.text is not None, p
        assert len(p.text) <= 200, (p.kind, len(p.text))
        assert p.expected, p


@pytest.fixture
def seed(seed_bytes: bytes) -> bytes:
    return seed_bytes


@pytest.mark.parametrize(("case", "suffix"), FILES, ids=IDS)
def test_reader(case: Case, suffix: str, bases: dict[str, bytes], tmp_path: Path) -> None:
    path = _write(tmp_path, case, suffix, bases)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    start = time.monotonic()
    try:
        with use_language("en"):
            sl = read_path(path)
    except UnreadableFile as exc:
        message = str(exc)
        assert case.problem is None, f"refused, but expected a problem: {message}"
        assert message.startswith(f"{path}: "), message
        assert "\n" not in message
        assert len(message) < 600, message
        assert re.search(_expected(case, suffix), message), message
    else:
        assert case.problem is not None, f"read without complaint: {[p.kind for p in sl.problems]}"
        _check_problem(sl, case)
    assert time.monotonic() - start < SECONDS
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before < MAX_GROWTH


@pytest.mark.parametrize(("case", "suffix"), FILES, ids=IDS)
def test_hyoka_check(
    case: Case,
    suffix: str,
    bases: dict[str, bytes],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _write(tmp_path, case, suffix, bases)
    status = main(["check", str(path), "--format", "json", "--lang", "en"])
    out, err = capsys.readouterr()
    assert not TRACEBACK.search(err)
    if case.problem is None:
        assert status == 2
        assert err.startswith(f"hyoka check: {path}: ")
        assert err.count("\n") == 1
        assert re.search(_expected(case, suffix), err), err
        assert out == ""
    else:
        assert status == 0, err
        result = json.loads(out)
        assert result["source"]["path"] == str(path)
        problems = result["problems"]
        mine = [p for p in problems if p["kind"] == case.problem and p["severity"] == "error"]
        assert mine, [p["kind"] for p in problems]
        for p in mine:
            assert PLACE_EN.match(p["where"]), p["where"]
            assert p["row"] >= 1
            assert len(p["text"]) <= 200
            assert p["expected"]


@pytest.mark.parametrize(("case", "suffix"), FILES, ids=IDS)
def test_hyoka_import_writes_nothing(
    case: Case,
    suffix: str,
    seeded: Plan,
    bases: dict[str, bytes],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _write(tmp_path, case, suffix, bases)
    before = row_counts()
    status = main(["import", str(path), "--lang", "en"])
    err = reason(capsys.readouterr().err)  # without the line naming the database
    assert not TRACEBACK.search(err)
    assert row_counts() == before
    assert str(path) in err
    if case.problem is None:
        assert status == 2
        assert err.startswith(f"hyoka import: {path}: ")
        assert err.count("\n") == 1
        assert re.search(_expected(case, suffix), err), err
    else:
        assert status == 1, err
        assert "nothing was written" in err
        # each problem: where, what, the text (shortened) and what was expected
        lines = err.splitlines()[1:]
        assert lines
        assert all(PLACE_EN.search(line.strip()) for line in lines), lines
        assert all("(expected " in line and "「" in line for line in lines), lines
        assert all(len(line) < 800 for line in lines), [len(x) for x in lines]


@pytest.mark.parametrize(("case", "suffix"), FILES, ids=IDS)
def test_in_japanese_by_default(
    case: Case,
    suffix: str,
    bases: dict[str, bytes],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The same message without --lang: Japanese, the row named 行N, `expected` included."""
    path = _write(tmp_path, case, suffix, bases)
    status = main(["check", str(path), "--format", "json"])
    out, err = capsys.readouterr()
    if case.problem is None:
        assert status == 2
        reason = err.removeprefix(f"hyoka check: {path}: ")
        assert JAPANESE.search(reason), err
        return
    mine = [p for p in json.loads(out)["problems"] if p["kind"] == case.problem]
    assert mine
    for p in mine:
        assert PLACE_JA.match(p["where"]), p["where"]
        assert JAPANESE.search(p["message"]), p
        assert JAPANESE.search(p["expected"]), p


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
