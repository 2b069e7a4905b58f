"""The command line as scripts call it: exit codes, stderr, JSON shapes, the golden output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hyoka.cli import main

GOLDEN = Path(__file__).parent.parent / "golden" / "sapporo-fy2019.json"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hyoka", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=os.environ | {"NO_COLOR": "1"},
        check=False,
    )


def test_check_json_matches_golden(capsys: pytest.CaptureFixture[str]) -> None:
    """The whole FY2019 evaluation, pinned. Regenerate with HYOKA_UPDATE_GOLDEN=1 after a
    deliberate change, and read the diff before committing it."""
    assert main(["check", "--bundled", "sapporo-fy2019", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    if os.environ.get("HYOKA_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert out == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_check_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--bundled", "sapporo-fy2019", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["fiscal_year"] == 2019
    assert [p["number"] for p in d["projects"]] == list(range(1, 41))
    assert sum(len(p["indicators"]) for p in d["projects"]) == 56
    assert len(d["headline_kpis"]) == 4
    every = [i for p in d["projects"] for i in p["indicators"]]
    every += [h["indicator"] for h in d["headline_kpis"]]
    assert all(i["rating_computed"] and i["reason"] and i["reason_en"] for i in every)
    assert d["achievement"] == {"achieved": 40, "rated": 47, "share": 0.851064, "text": "85.1%"}
    p1 = d["projects"][0]["indicators"][0]
    assert p1["actual_computed"]["number"] == 85.1
    assert "40/47" in p1["reason"]
    p14 = d["projects"][13]
    assert (p14["rating_published"], p14["rating_computed"]) == ("○", "×")
    assert {(x["project"], x["indicator"]) for x in d["disagreements"]} == {
        (14, None),
        (32, 1),
        (32, 2),
        (36, 2),
    }
    kinds = {p["kind"] for p in d["problems"]}
    assert {"duplicate_summary", "sign_contradiction", "shifted_row"} <= kinds


def test_check_table_is_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--bundled", "sapporo-fy2019"]) == 0
    out = capsys.readouterr().out
    assert "\033[" not in out  # no colour when not a terminal
    assert "達成割合 85.1%" in out
    assert "公表との違い 4件" in out
    assert "○ ≠" in out


def test_check_reads_a_file_and_cp932(tmp_path: Path, seed_text: str) -> None:
    f = tmp_path / "一覧.txt"
    f.write_bytes(seed_text.encode("cp932"))
    r = run("check", str(f), "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["source"] == {"path": str(f), "encoding": "cp932"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "ファイルが空です"),
        (bytes(range(256)), "バイナリ"),
        ("議事録\n本文\n".encode(), "一覧ではありません"),
    ],
)
def test_check_unreadable_exits_2_with_one_line(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    r = run("check", str(f), "--format", "json")
    assert r.returncode == 2
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1
    assert reason in lines[0]
    assert str(f) in lines[0]


def test_check_bad_options_exit_2(tmp_path: Path) -> None:
    assert run("check", "--bundled", "sapporo-fy2019", "--plan", "2023-2019").returncode == 2
    assert run("check", "--bundled", "sapporo-fy2019", "--rubric", "nope").returncode == 2
    assert run("check", str(tmp_path / "missing.txt")).returncode == 2


def test_other_rubrics_run_on_the_seed(capsys: pytest.CaptureFixture[str]) -> None:
    for rubric, symbols in (("nagayo", {"S", "A", "B", "C", "−"}), ("tama", {"①", "②", "③", "−"})):
        assert (
            main(["check", "--bundled", "sapporo-fy2019", "--format", "json", "--rubric", rubric])
            == 0
        )
        d = json.loads(capsys.readouterr().out)
        got = {i["rating_computed"] for p in d["projects"] for i in p["indicators"]}
        assert got <= symbols


def test_explain_json(capsys: pytest.CaptureFixture[str]) -> None:
    texts = [
        "29.8万人 (2023年度)",
        "▲2,805人 (2017年)",
        "100名以上 (集計中)",
        "-",
        "よく分からない",
    ]
    assert main(["explain", "--format", "json", *texts]) == 0
    d = json.loads(capsys.readouterr().out)
    assert [v["text"] for v in d] == texts
    assert d[0]["number"] == 298000
    assert d[0]["unit"] == "人"
    assert (d[0]["year"], d[0]["year_basis"]) == (2023, "fiscal")
    assert d[1]["number"] == -2805
    assert d[1]["year_basis"] == "calendar"
    assert d[2]["qualifiers"] == ["counting"]
    assert d[3]["number"] is None
    assert d[4]["kind"] == "text"
    assert d[4]["reason"]


def test_explain_json_of_numbers_json_cannot_hold(capsys: pytest.CaptureFixture[str]) -> None:
    """A number of 5,000 digits is read, and printed as null (not a traceback); one beyond a
    double's exact integers as a float."""
    assert main(["explain", "--format", "json", "9" * 5000 + "人", "12,345,678,901,234,567人"]) == 0
    huge, large = json.loads(capsys.readouterr().out)
    assert huge["number"] is None
    assert huge["unit"] == "人"
    assert large["number"] == 12_345_678_901_234_567.0


def test_explain_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "27兆9千億円", "1回（予定）"]) == 0
    out = capsys.readouterr().out
    assert "27,900,000,000,000" in out
    assert "予定" in out


def test_version() -> None:
    r = run("--version")
    assert r.returncode == 0
    assert r.stdout.startswith("hyoka ")


def test_table_colours_only_when_asked() -> None:
    from hyoka.cli.check import render_table
    from hyoka.cli.render import Style
    from hyoka.core.evaluate import evaluate
    from hyoka.ingest.statuslist_text import read_bundled

    data = evaluate(read_bundled()).to_dict()
    coloured = render_table(data, Style(force=True))
    plain = render_table(data, Style(force=False))
    assert "\033[31;1m×   \033[0m" in coloured
    assert "\033[" not in plain
