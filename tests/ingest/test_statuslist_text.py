"""The status-list reader on the real FY2019 list and on broken variants of it."""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka.core.evaluate import evaluate
from hyoka.core.i18n import use_language
from hyoka.core.statuslist import StatusList
from hyoka.ingest.readers import UnreadableFile, read_path
from hyoka.ingest.statuslist_text import read_status_list

INDICATOR_COUNTS = {
    2: 2,
    3: 2,
    6: 3,
    7: 3,
    9: 2,
    14: 2,
    15: 2,
    24: 2,
    25: 2,
    26: 2,
    32: 2,
    34: 3,
    36: 2,
}


def test_seed_has_40_projects_in_order_with_their_indicators(seed: StatusList) -> None:
    assert [p.number for p in seed.projects] == list(range(1, 41))
    assert {p.number: len(p.indicators) for p in seed.projects} == {
        n: INDICATOR_COUNTS.get(n, 1) for n in range(1, 41)
    }
    assert sum(len(p.indicators) for p in seed.projects) == 56
    assert len(seed.headlines) == 4
    assert seed.fiscal_year == 2019
    assert seed.area == "さっぽろ連携中枢都市圏"


def test_seed_shifted_rows_are_repaired(seed: StatusList) -> None:
    p9, p15 = seed.projects[8], seed.projects[14]
    assert p9.name == "MICE誘致の推進"
    assert [i.target for i in p9.indicators] == ["2019年度まで", "2025年度まで"]
    assert [i.actual for i in p9.indicators] == ["2020年度まで", "-"]
    assert p9.rating_published == "×"
    assert p15.name == "公共施設の相互利用や配置に関する検討"
    assert [i.actual for i in p15.indicators] == ["2019年度（予定）", "1回（予定）"]
    shifted = [p for p in seed.problems if p.kind == "shifted_row"]
    assert [(p.where.row if p.where else None) for p in shifted] == [18, 25]


@pytest.mark.parametrize(
    ("numbers", "role", "sub_role"),
    [
        (range(1, 10), "ア", None),
        (range(10, 16), "イ", None),
        (range(16, 31), "ウ", "A"),
        (range(31, 38), "ウ", "B"),
        (range(38, 41), "ウ", "C"),
    ],
)
def test_roles_follow_the_merged_cells(
    seed: StatusList, numbers: range, role: str, sub_role: str | None
) -> None:
    for n in numbers:
        p = seed.projects[n - 1]
        assert (p.role, p.sub_role) == (role, sub_role), n


def test_role_labels_and_titles(seed: StatusList) -> None:
    titles = {r.label: (r.title, r.parent) for r in seed.roles}
    assert titles["ア"] == ("圏域全体の経済成長のけん引", None)
    assert titles["イ"] == ("高次の都市機能の集積・強化", None)
    assert titles["ウ"] == ("圏域全体の生活関連機能サービスの向上", None)
    assert titles["A"] == ("生活機能の強化", "ウ")
    assert [h.role for h in seed.headlines] == ["ア", "ア", "イ", "ウ"]


def test_one_rating_for_several_indicators_is_the_projects(seed: StatusList) -> None:
    p14 = seed.projects[13]
    assert p14.rating_published == "○"
    assert [i.rating_published for i in p14.indicators] == [None, None]
    p25 = seed.projects[24]
    assert p25.rating_published is None
    assert [i.rating_published for i in p25.indicators] == ["◎", "○"]


def test_duplicate_summaries_are_reported(seed: StatusList) -> None:
    dup = [p for p in seed.problems if p.kind == "duplicate_summary"]
    assert len(dup) == 1
    assert "28・31" in dup[0].message


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932", "utf-16"])
def test_encodings_read_identically(seed_text: str, encoding: str) -> None:
    data = seed_text.encode(encoding)
    reference = evaluate(read_status_list(seed_text.encode(), "x")).to_dict()
    other = evaluate(read_status_list(data, "x")).to_dict()
    reference.pop("source")
    other.pop("source")
    assert other == reference


def test_crlf_line_endings(seed_text: str) -> None:
    sl = read_status_list(seed_text.replace("\n", "\r\n").encode(), "crlf.txt")
    assert len(sl.projects) == 40
    assert sl.projects[0].notes.endswith("（予定））")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (bytes(range(256)) * 8, "binary"),
        (b"\x81\xff\xfe\x80 not text", "neither UTF-8 nor Shift_JIS"),
        ("ただのメモです\n表ではありません\n".encode(), "not a status list"),
        ("役割\t連携事業名\t評価指標\t基準値\n".encode(), "not a status list"),
        (
            "評価指標\t目標値\t実績値\n".encode(),
            "the header lacks 連携事業名, 事業概要, 基準値, 評価",
        ),
        (
            codecs.BOM_UTF8
            + "役割\t連携事業名\t事業概要\t評価指標\t基準値\t目標値\t実績値\t評価\n".encode(),
            "no project rows",
        ),
    ],
)
def test_unreadable_files_say_why(data: bytes, message: str) -> None:
    with pytest.raises(UnreadableFile, match=message), use_language("en"):
        read_status_list(data, "bad.txt")
    with pytest.raises(UnreadableFile) as err:  # Japanese by default
        read_status_list(data, "bad.txt")
    assert re.search(r"[\u3040-\u30ff]", str(err.value).removeprefix("bad.txt: "))


def test_missing_file_and_excel(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="No such file"):
        read_path(tmp_path / "nope.txt")
    xlsx = tmp_path / "list.xlsx"
    xlsx.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnreadableFile, match="Excel"):
        read_path(xlsx)


def _with_row(seed_text: str, number: int, column: int, text: str) -> bytes:
    lines = seed_text.split("\n")
    for i, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) > 2 and cells[1] == str(number):
            cells[column] = text
            lines[i] = "\t".join(cells)
            return "\n".join(lines).encode()
    raise AssertionError(number)


def test_project_numbers_of_any_size_the_database_keeps() -> None:
    """A list of 1,000 projects numbered 1 to 1,000 (three digits were once the limit)."""
    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    from synthetic import generate

    sl = read_status_list(generate(1000, seed=3, section_size=1000).encode(), "big.txt")
    assert [p.number for p in sl.projects] == list(range(1, 1001))
    assert not [p for p in sl.problems if p.kind == "project_numbers"]


def test_a_project_number_too_large_is_an_error(seed_text: str) -> None:
    text = _with_row(seed_text, 12, 1, "40000").decode()
    sl = read_status_list(_with_row(text, 13, 1, "1" * 5000).decode().encode(), "x")
    errors = [p for p in sl.problems if p.kind == "project_number"]
    assert [(p.severity, p.text[:6]) for p in errors] == [("error", "40000"), ("error", "111111")]
    assert errors[0].where is not None
    assert (errors[0].where.row, errors[0].where.column) == (22, 2)
    assert errors[0].expected == "1から32,767までの事業番号"
    assert errors[1].text is not None
    assert len(errors[1].text) < 300  # quoted shortened
    assert [p.number for p in sl.projects if p.number in (12, 13)] == []


def test_rating_count_that_fits_nothing(seed_text: str) -> None:
    sl = read_status_list(_with_row(seed_text, 6, 8, "× ◎"), "x")
    probs = [p for p in sl.problems if p.kind == "rating_count"]
    assert len(probs) == 1
    assert probs[0].text == "× ◎"
    assert probs[0].where is not None
    assert (probs[0].where.row, probs[0].where.column) == (15, 9)


def test_value_count_mismatch_is_named(seed_text: str) -> None:
    sl = read_status_list(_with_row(seed_text, 7, 7, "86件 500社以上"), "x")
    probs = [p for p in sl.problems if p.kind == "value_count"]
    assert len(probs) == 1
    assert probs[0].where is not None
    assert probs[0].where.header == "実績値（3月末見込含む）"
    assert sl.projects[6].indicators[2].actual == ""


def test_unreadable_value_is_kept_with_reason(seed_text: str) -> None:
    ev = evaluate(read_status_list(_with_row(seed_text, 4, 7, "たくさん"), "x"))
    probs = [p for p in ev.problems if p.kind == "value_not_understood"]
    assert len(probs) == 1
    assert probs[0].text == "たくさん"
    ind = ev.to_dict()["projects"][3]["indicators"][0]
    assert ind["actual"]["kind"] == "text"
    assert ind["actual"]["reason"]
    assert ind["rating_computed"] == "-"


def test_sign_contradiction_is_reported(seed: StatusList) -> None:
    ev = evaluate(seed)
    signs = [p for p in ev.problems if p.kind == "sign_contradiction"]
    assert len(signs) == 1
    assert signs[0].text == "3,480人 (2018年)"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), max_size=11), max_size=12))
def test_reader_only_ever_raises_unreadable(rows: list[list[str]]) -> None:
    header = (
        "役割\t連携事業名\t事業概要\t評価指標\t基準値\t目標値\t実績値\t評価\t連携事業実施状況等"
    )
    body = "\n".join("\t".join(r) for r in rows)
    for text in (body, f"{header}\n{body}"):
        try:
            sl = read_status_list(text.encode("utf-8", "surrogatepass"), "fuzz.txt")
        except UnreadableFile:
            continue
        except UnicodeEncodeError:
            continue
        if sl.fiscal_year is None:
            continue
        evaluate(sl).to_dict()
