"""One table, written as tab-separated text and as a workbook, read alike by both readers: the
header words, the 【基本KPI】 marker, role labels, legend and title come from one module
(:mod:`hyoka.ingest.layout`), so the readers cannot drift apart."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from hyoka.core.i18n import use_language
from hyoka.core.statuslist import StatusList
from hyoka.ingest import readers
from hyoka.ingest.layout import header_key, is_header, role_label, title_year_area

TITLE = "さっぽろ連携中枢都市圏 令和2年度 連携事業実施状況等一覧"
LEGEND = "<評価凡例>◎：達成済み ○：達成見込 △：達成不可見込 ×：達成不可 -：評価不可"
HEADER = [
    "役割",
    "連携事業名",
    "事業概要",
    "評価指標",
    "基準値",
    "目標値",
    "実績値（3月末見込含む）",
    "評価",
    "連携事業実施状況等",
]
#: (role cell, number or None for a 【基本KPI】 row, name, summary, indicator, b, t, a, rating, notes)
ROWS: list[tuple[Any, ...]] = [
    ("ア 圏域全体の経済成長のけん引", None, "", "", "観光入込客数", "37,076千人 (2017年度)", "44,000千人 (2023年度)", "-", "-", ""),
    ("", 1, "企業誘致", "誘致する", "出展回数", "-", "1回/年度", "1回", "◎", "出展した"),
    ("イ 高次の都市機能の集積・強化", 2, "医療", "連携する", "会議の回数", "-", "1回/年度", "1回（予定）", "○", ""),
    ("A 生活機能の強化", 3, "救急", "相談", "相談件数", "-", "10件/年度", "8件", "×", "・会議 ・相談"),
    ("B", 4, "交通", "検討", "協議の回数", "-", "2回/年度", "2回", "◎", ""),
    ("？ 読めない役割", 5, "防災", "訓練", "訓練の回数", "-", "1回/年度", "1回", "◎", ""),
]  # fmt: skip


def as_text(header: list[str], rows: list[tuple[Any, ...]]) -> bytes:
    """The table as the text reader takes it: project rows carry their number in a cell of
    their own, 【基本KPI】 rows carry the marker before 評価指標."""
    lines = [TITLE, LEGEND, "\t".join(header)]
    for role, number, name, summary, *values in rows:
        if number is None:
            lines.append("\t".join([role, "", "【基本KPI】", *values]))
        else:
            lines.append("\t".join([role, str(number), name, summary, *values]))
    return "\n".join(lines).encode()


def as_xlsx(header: list[str], rows: list[tuple[Any, ...]]) -> bytes:
    """The same table as a workbook with a column headed 番号 for the numbers."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([TITLE])
    ws.append([LEGEND])
    ws.append([header[0], "番号", *header[1:]])
    for role, number, name, summary, *values in rows:
        if number is None:
            ws.append([role, None, "【基本KPI】", None, *values])
        else:
            ws.append([role, number, name, summary, *values])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def facts(sl: StatusList) -> dict[str, Any]:
    return {
        "title": (sl.title, sl.area, sl.fiscal_year),
        "legend": sl.legend,
        "roles": [(r.label, r.title, r.parent) for r in sl.roles],
        "headlines": [(h.role, h.indicator.name, h.indicator.target) for h in sl.headlines],
        "projects": [
            (p.number, p.name, p.summary, p.role, p.sub_role, p.notes, p.rating_published)
            for p in sl.projects
        ],
        "indicators": [
            (i.name, i.baseline, i.target, i.actual, i.rating_published)
            for p in sl.projects
            for i in p.indicators
        ],
        "problems": sorted((p.kind, p.severity, p.text) for p in sl.problems),
    }


def read_both(header: list[str], rows: list[tuple[Any, ...]]) -> tuple[StatusList, StatusList]:
    text = readers.read_bytes(as_text(header, rows), "list.txt")
    xlsx = readers.read_bytes(as_xlsx(header, rows), "list.xlsx")
    return text, xlsx


def test_both_readers_read_the_same_table_alike() -> None:
    text, xlsx = read_both(HEADER, ROWS)
    assert facts(text) == facts(xlsx)
    got = facts(text)
    assert got["title"] == (TITLE, "さっぽろ連携中枢都市圏", 2020)
    assert got["roles"] == [
        ("ア", "圏域全体の経済成長のけん引", None),
        ("イ", "高次の都市機能の集積・強化", None),
        ("A", "生活機能の強化", "イ"),
        ("B", "", "イ"),
    ]
    assert [p[3:5] for p in got["projects"]] == [
        ("ア", None),
        ("イ", None),
        ("イ", "A"),
        ("イ", "B"),
        (None, None),  # under a role cell of its own whose label was not read
    ]
    assert ("role_label", "warning", "？ 読めない役割") in got["problems"]


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("役割", "role"),
        ("連携事業名", "project"),
        ("評価指標", "indicator"),
        ("実績値（3月末見込含む）", "actual"),
        ("実績値(3月末見込含む)", "actual"),
        ("評価", "rating"),
        ("評価（算出）", None),
        ("理由（算出）", None),
        ("連携事業実施状況等", "notes"),
    ],
)
def test_header_words(cell: str, key: str | None) -> None:
    assert header_key(cell) == key


def test_a_header_row_names_indicator_and_target_or_actual() -> None:
    assert is_header(HEADER)
    assert is_header(["評価指標", "実績値"])
    assert not is_header(["評価指標", "基準値"])
    assert not is_header(["観光入込客数", "44,000千人", "38,596千人"])


@pytest.mark.parametrize(
    ("cell", "mark"),
    [
        ("ア 圏域全体の経済成長のけん引", ("ア", "圏域全体の経済成長のけん引", False)),
        ("ア圏域全体", ("ア", "圏域全体", False)),
        ("ウ\n圏域全体の\n生活関連", ("ウ", "圏域全体の 生活関連", False)),
        ("Ａ　生活機能の強化", ("A", "生活機能の強化", True)),
        ("C", ("C", "", True)),
        ("役割", None),
        ("Area", None),
    ],
)
def test_role_labels(cell: str, mark: tuple[str, str, bool] | None) -> None:
    assert role_label(cell) == mark


def test_title_year_and_area() -> None:
    assert title_year_area("さっぽろ連携中枢都市圏 2019年度 連携事業実施状況等一覧") == (
        2019,
        "さっぽろ連携中枢都市圏",
    )
    assert title_year_area("連携事業実施状況等一覧", "令和３年度") == (2021, "")
    assert title_year_area("連携事業実施状況等一覧") == (None, "")


# -- a text in no layout the reader knows: what was found, and what to do -----------------------

SEED_HEADER = "役割 連携事業名 事業概要 評価指標 基準値 目標値 実績値 評価 連携事業実施状況等"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"一覧\n{SEED_HEADER}\nア 1 企業誘致 誘致 回数 - 1回 1回 ◎\n", "but its cells are separated by 「spaces」, not tabs"),
        (f"{SEED_HEADER.replace(' ', ' | ')}\n", "separated by 「|」, not tabs"),
        (f"{SEED_HEADER.replace(' ', ',')}\n", "separated by 「,」, not tabs"),
        ("\n".join(SEED_HEADER.split()) + "\nア\n1\n", "the header words stand one per line (lines 1–9"),
        ("連携事業\t評価\nア\t1\n", "tab-separated rows, but none is a header row"),
        ("令和元年度の取組について報告します。\n各事業は順調に進みました。\n", "prose: 2 lines with neither tabs nor header words"),
    ],
)  # fmt: skip
def test_a_text_in_no_known_layout_says_what_was_found_and_what_to_do(
    text: str, found: str
) -> None:
    with pytest.raises(readers.UnreadableFile) as err, use_language("en"):
        readers.read_bytes(text.encode(), "list.txt")
    message = str(err.value)
    assert message.startswith("list.txt: not a status list")
    assert found in message
    assert "hyoka check list.pdf" in message  # what to do
    assert "\n" not in message
    with pytest.raises(readers.UnreadableFile) as err:
        readers.read_bytes(text.encode(), "list.txt")
    assert "一覧ではありません" in str(err.value)
    assert "タブ" in str(err.value)


@pytest.mark.parametrize(
    "header",
    [
        ["役割", "事業名", "事業内容", "評価指標（KPI）", "現状値", "目標値（R5）", "実績値（見込）", "達成状況", "取組状況"],
        ["役割", "連携事業名", "事業概要", "指標名", "基準値（H30）", "数値目標", "実績", "評価結果", "実施状況"],
    ],
)  # fmt: skip
def test_header_variants_are_read_alike(header: list[str]) -> None:
    """The same table under other header words: both readers read it as under the usual ones."""
    usual = facts(read_both(HEADER, ROWS)[0])
    text, xlsx = read_both(header, ROWS)
    assert facts(text) == usual
    assert facts(xlsx) == usual
