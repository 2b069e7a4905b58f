"""A synthetic status list in the text format of the bundled FY2019 Sapporo list.

Deterministic: the same ``n_projects`` and ``seed`` always give the same text.  The
layout follows ``src/hyoka/data/sapporo-fy2019-status-list.txt``: blank lines, a title
line with the fiscal year, the legend line, then sections, each a header row, one or
two 【基本KPI】 rows and project rows (``role  number  name  summary  indicator names
baselines  targets  actuals  ratings  notes``, tab-separated; a project's 1–3
indicators share the row, their names and values separated by spaces).

Baseline, target and actual texts are drawn from the forms of the value grammar
(``hyoka.core.values``) with random numbers, so most texts are distinct and the
``explain`` cache does not hit trivially; about 1% of the value texts are unreadable
on purpose.  Like the real list, a few project rows lose their first (role) cell and
start one column left.

A long synthetic list is cut into sections of at most ``SECTION_SIZE`` projects (or
``section_size``), each with its own header row, and numbering starts again at 1 in each
section (the readers once took three-digit numbers only; they take any number the database
keeps now, so ``generate(1000, section_size=1000)`` numbers its projects 1 to 1,000).

:func:`indicator_years` gives the same value texts without the list's text format: rows of
(municipality, indicator, fiscal year, baseline, target, actual), shaped like a nationwide
collection — 1,741 municipalities × 115 indicators × 5 years ≈ 1 M indicator-years.

Usage::

    .venv/bin/python benchmarks/synthetic.py OUT.txt [N_PROJECTS] [SEED]
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

__all__ = ["MUNICIPALITIES", "SECTION_SIZE", "IndicatorYear", "generate", "indicator_years"]

#: Projects per section (numbering starts again at 1 in each).
SECTION_SIZE = 999

TITLE = "さっぽろ連携中枢都市圏 2019年度 連携事業実施状況等一覧"
LEGEND = "<評価凡例>◎：達成済み ○：達成見込 △：達成不可見込 ×：達成不可 -：評価不可"
HEADER = (
    "役割\t連携事業名\t事業概要\t評価指標\t基準値\t目標値\t実績値（3月末見込含む）\t評価\t"
    "連携事業実施状況等\t"
)
TOP_ROLES = "アイウエオカキクケコサシスセソタチツテト"
ROLE_TITLES = (
    "圏域全体の経済成長のけん引",
    "高次の都市機能の集積・強化",
    "圏域全体の生活関連機能サービスの向上",
)
SUB_ROLES = (
    ("A", "生活機能の強化"),
    ("B", "結びつきやネットワークの強化"),
    ("C", "ネット機能の強化"),
)
SYMBOLS = ("◎", "○", "△", "×", "-")
SYMBOL_WEIGHTS = (40, 30, 8, 12, 10)

#: Counters of countable quantities; 名 and 人 are the same counter to the reader.
COUNTERS = ("人", "名", "回", "件", "社", "校", "団体", "箇所", "市町村", "大学")
SUBJECTS = (
    "講座の受講者数",
    "会議の開催回数",
    "商談会の商談件数",
    "参加企業数",
    "イベント等の参加人数",
    "支援件数",
    "交流職員数",
    "観光入込客数",
    "利用者数",
    "参加学校数",
)
TOPICS = ("企業誘致", "創業", "観光", "医療", "教育", "防災", "移住", "交通", "環境", "人材育成")
ACTIONS = ("の推進", "に関する検討", "の促進", "に向けた支援", "に係る情報共有", "の共同実施")

#: Share of the non-placeholder value texts replaced by an unreadable one (about 1% of all
#: value texts, placeholders ``-`` included, end up unreadable).
UNREADABLE_SHARE = 0.0125
#: Texts the grammar cannot read (unknown cadence, stray words, unbalanced parentheses).
UNREADABLE = (
    "調整中",
    "検討中につき未定",
    "{n}件/四半期",
    "{n}回/期",
    "{n}人（{m}",
    "別紙参照",
    "{n}X{m}",
    "未集計",
)


#: A figure in a value text, not a year (2019年度) nor part of one.
_FIGURE = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d年])")


def _num(rng: random.Random, low: int = 1, high: int = 99_999) -> int:
    """A figure spread over several orders of magnitude (most counts are small)."""
    digits = rng.randint(len(str(low)), len(str(high)))
    return rng.randint(max(low, 10 ** (digits - 1)), min(high, 10**digits - 1))


def _year(rng: random.Random, low: int = 2015, high: int = 2030) -> int:
    return rng.randint(low, high)


class _Texts:
    """Draws the texts of one indicator: baseline, target and actual of one family."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        families: list[tuple[int, Callable[[], tuple[str, str, str]]]] = [
            (30, self.per_year),
            (12, self.count_at),
            (10, self.money),
            (8, self.scaled),
            (6, self.negative),
            (8, self.deadline),
            (8, self.state),
            (5, self.relative),
            (4, self.compound),
            (5, self.percent),
            (4, self.each_bound),
        ]
        self.families = [f for _, f in families]
        self.weights = [w for w, _ in families]

    def draw(self) -> tuple[str, str, str]:
        baseline, target, actual = self.rng.choices(self.families, self.weights)[0]()
        return (
            self.maybe_unreadable(baseline),
            self.maybe_unreadable(target),
            self.maybe_unreadable(actual),
        )

    def draw_years(self, years: int) -> tuple[str, str, list[str]]:
        """One indicator over ``years`` years: its baseline and target, an actual a year."""
        baseline, target, actual = self.rng.choices(self.families, self.weights)[0]()
        actuals = [actual] + [self.vary(actual) for _ in range(years - 1)]
        return (
            self.maybe_unreadable(baseline),
            self.maybe_unreadable(target),
            [self.maybe_unreadable(a) for a in actuals],
        )

    def vary(self, text: str) -> str:
        """The same form with other figures (another year's actual): years kept."""

        def other(m: re.Match[str]) -> str:
            digits, decimals = m.group(1), m.group(2) or ""
            x = round(int(digits.replace(",", "")) * self.rng.uniform(0.7, 1.3))
            return (f"{x:,}" if "," in digits else str(x)) + decimals

        return _FIGURE.sub(other, text)

    def maybe_unreadable(self, text: str) -> str:
        if text == "-" or self.rng.random() >= UNREADABLE_SHARE:
            return text
        return self.rng.choice(UNREADABLE).format(n=_num(self.rng), m=_num(self.rng, 1, 99))

    # -- a plain count with a cadence: 12社/年度, 100名以上 (集計中), 約79,600人, 5回程度

    def actual_count(self, n: int, unit: str) -> str:
        r = self.rng
        k = max(0, round(n * r.uniform(0.6, 1.3)))
        return r.choice(
            (
                f"{k:,}{unit}",
                f"{k:,}{unit}",
                f"{k}{unit}",
                f"約{k:,}{unit}",
                f"{k}{unit}程度",
                f"{k}{unit}（予定）",
                f"{k}{unit}以上 (集計中)",
                f"{k:,}{unit} (速報値)",
                f"{k}{unit}見込",
                f"{k:,}{unit} ({_year(r, 2018, 2019)}年度)",
                "-",
            )
        )

    def per_year(self) -> tuple[str, str, str]:
        r = self.rng
        unit = r.choice(COUNTERS)
        n = _num(r)
        per = r.choice(("/年度", "/年度", "/年度", "/年", "/日"))
        target = r.choice(
            (
                f"{n:,}{unit}{per}",
                f"{n}{unit}{per}",
                f"{n}{unit}{per} ({_year(r, 2019, 2021)}年度以降)",
                f"{n:,}{unit}/年 ({_year(r, 2019, 2023)}年度)",
            )
        )
        baseline = r.choice(("-", "-", "-", f"{_num(r):,}{unit}/年 ({_year(r, 2015, 2018)}年度)"))
        return baseline, target, self.actual_count(n, unit)

    def count_at(self) -> tuple[str, str, str]:
        r = self.rng
        unit = r.choice(COUNTERS)
        n = _num(r)
        target = r.choice(
            (
                f"{n}{unit}以上",
                f"{n:,}{unit} ({_year(r, 2019, 2025)}年度)",
                f"{n}{unit} ({_year(r, 2019, 2025)}年度まで)",
                f"{n:,}{unit}",
            )
        )
        baseline = r.choice(
            ("-", f"{_num(r):,}{unit} ({_year(r, 2015, 2018)}年度)", f"{_num(r)}{unit}")
        )
        return baseline, target, self.actual_count(n, unit)

    def money(self) -> tuple[str, str, str]:
        r = self.rng
        n = _num(r, 100, 9_999_999)
        unit = r.choice(("千円", "千円", "円", "万円"))
        target = r.choice((f"{n:,}{unit}/年度", f"{n:,}{unit} ({_year(r, 2019, 2023)}年度)"))
        k = round(n * r.uniform(0.7, 1.2))
        actual = r.choice((f"{k:,}{unit}", f"約{k:,}{unit}", f"{k:,}{unit}見込", "-"))
        return "-", target, actual

    def scaled(self) -> tuple[str, str, str]:
        r = self.rng
        scale = r.choice(("万", "万", "千", "億"))
        unit = r.choice(("人", "円", "件", "t"))
        x = round(r.uniform(1, 999), r.choice((0, 1, 1, 2)))
        b = round(x * r.uniform(0.7, 1.0), 1)
        a = round(x * r.uniform(0.8, 1.2), 1)
        baseline = f"{b}{scale}{unit} ({_year(r, 2015, 2018)}年度)"
        target = f"{x}{scale}{unit} ({_year(r, 2020, 2025)}年度)"
        actual = r.choice(
            (f"{a}{scale}{unit} ({_year(r, 2018, 2019)}年度)", f"{a}{scale}{unit}", "-")
        )
        if r.random() < 0.2:
            baseline = f"{r.randint(1, 99)}兆{r.randint(1, 9)}千億円 ({_year(r, 2014, 2017)}年)"
            target, actual = f"{r.randint(20, 99)}兆円 ({_year(r, 2022, 2025)}年)", "-"
        return baseline, target, actual

    def negative(self) -> tuple[str, str, str]:
        r = self.rng
        b = _num(r, 100, 99_999)
        t = round(b * r.uniform(0.3, 0.9))
        y = r.choice(("年", "年度"))
        baseline = f"▲{b:,}人 ({_year(r, 2015, 2018)}{y})"
        target = f"▲{t:,}人 ({_year(r, 2022, 2025)}{y})"
        a = round(b * r.uniform(0.4, 1.3))
        actual = r.choice(
            (f"▲{a:,}人 ({_year(r, 2018, 2019)}{y})", f"{a:,}人 ({_year(r, 2018, 2019)}{y})")
        )
        return baseline, target, actual

    def deadline(self) -> tuple[str, str, str]:
        r = self.rng
        y = _year(r, 2019, 2030)
        target = r.choice((f"{y}年度まで", f"{y}年度", f"{y}年度まで", "令和元年度"))
        actual = r.choice(
            (
                f"{_year(r, 2019, 2021)}年度",
                f"{_year(r, 2019, 2021)}年度まで",
                f"{_year(r, 2019, 2020)}年度（予定）",
                "令和元年度（予定）",
                "令和2年度",
                "平成31年度",
                "-",
            )
        )
        return "-", target, actual

    def state(self) -> tuple[str, str, str]:
        r = self.rng
        word = r.choice(("常時", "常時", "維持", "開設", "継続", "開催", "実施"))
        baseline = r.choice(("-", f"{word} ({_year(r, 2015, 2018)}年度)"))
        target = r.choice((f"{word} (毎年度)", word, f"{word} (毎年)"))
        actual = r.choice((word, word, "-", "実施", "完了"))
        return baseline, target, actual

    def relative(self) -> tuple[str, str, str]:
        r = self.rng
        n = _num(r, 1_000, 999_999)
        per = r.choice(("/日", "", "/年"))
        baseline = f"{n:,}人{per} ({_year(r, 2015, 2018)}年度)"
        target = r.choice(
            (
                f"現状値からの増加 ({_year(r, 2022, 2025)}年度)",
                f"基準値より増加 ({_year(r, 2022, 2025)}年度)",
                f"現状維持 ({_year(r, 2022, 2025)}年度)",
                "前年度比増",
            )
        )
        actual = f"{round(n * r.uniform(0.9, 1.1)):,}人 ({_year(r, 2018, 2019)}年度)"
        return baseline, target, actual

    def compound(self) -> tuple[str, str, str]:
        r = self.rng
        a, b = _num(r, 100, 99_999), _num(r, 10, 999)
        target = f"{a:,}/{b} ({_year(r, 2019, 2023)}年度)"
        actual = r.choice(
            (
                f"{round(a * r.uniform(0.8, 1.2)):,}/{round(b * r.uniform(0.8, 1.2))}",
                f"{round(a * r.uniform(0.8, 1.2)):,}/{b} ({_year(r, 2018, 2019)}年度)",
                "-",
            )
        )
        return "-", target, actual

    def percent(self) -> tuple[str, str, str]:
        r = self.rng
        t = round(r.uniform(10, 100), r.choice((0, 1)))
        target = r.choice((f"{t}% (毎年度)", f"{t}% ({_year(r, 2020, 2025)}年度)", f"{t}%以上"))
        actual = f"{round(r.uniform(5, 100), 1)}%"
        baseline = r.choice(("-", f"{round(r.uniform(5, 100), 1)}% ({_year(r, 2015, 2018)}年度)"))
        return baseline, target, actual

    def each_bound(self) -> tuple[str, str, str]:
        r = self.rng
        n = r.randint(1, 30)
        unit = r.choice(("回", "人", "件"))
        target = r.choice(
            (f"各{n}{unit}以上/年度", f"{n}{unit}以上/年度", f"{n}{unit}以内", f"{n}{unit}未満")
        )
        actual = r.choice((f"各{n}{unit}以上", f"{r.randint(0, 40)}{unit}", "-"))
        return "-", target, actual


def _project_row(rng: random.Random, texts: _Texts, number: int, serial: int, role: str) -> str:
    n = rng.choices((1, 2, 3), (55, 30, 15))[0]
    names, baselines, targets, actuals = [], [], [], []
    for i in range(n):
        names.append(f"{rng.choice(TOPICS)}{rng.choice(SUBJECTS)}{serial}-{i + 1}")
        b, t, a = texts.draw()
        baselines.append(b)
        targets.append(t)
        actuals.append(a)
    if n > 1 and rng.random() < 0.5:
        ratings = " ".join(rng.choices(SYMBOLS, SYMBOL_WEIGHTS, k=n))
    else:
        ratings = rng.choices(SYMBOLS, SYMBOL_WEIGHTS)[0]
    topic = rng.choice(TOPICS)
    name = f"{topic}{rng.choice(ACTIONS)}（{serial}）"
    summary = (
        f"圏域における{topic}を促進するため、連携市町村と情報共有を行い、"
        f"取組番号{serial}の事業を実施する。"
    )
    notes = (
        f"・{rng.randint(1, 12)}月末時点で{rng.randint(1, 40)}件実施 ・{topic}に関する会議を開催"
    )
    cells = [role, str(number), name, summary, " ".join(names)]
    cells += [" ".join(baselines), " ".join(targets), " ".join(actuals), ratings, notes]
    row = "\t".join(cells)
    if not role and rng.random() < 0.02:
        row = row[1:]  # the first cell went missing in extraction, as for projects 9 and 15
    return row


def _headline_rows(rng: random.Random, texts: _Texts, role: str) -> list[str]:
    rows = []
    for i in range(rng.randint(1, 2)):
        b, t, a = texts.draw()
        marker = "【基本KPI】" if i == 0 else ""
        name = f"圏域内{rng.choice(SUBJECTS)}"
        rating = rng.choice(("-", "-", "○"))
        note = "実績値は圏域形成前の数値であるため、参考記載"
        rows.append("\t".join((role if i == 0 else "", "", marker, name, b, t, a, rating, note)))
    return rows


def _spaced(title: str) -> str:
    """Role titles come as spaced vertical text in the PDF extraction."""
    return " ".join(title)


def generate(n_projects: int = 10_000, seed: int = 1, section_size: int = SECTION_SIZE) -> str:
    """The text of a synthetic status list with ``n_projects`` projects.

    >>> text = generate(30, seed=7)
    >>> text == generate(30, seed=7), text.count("\\n") > 30
    (True, True)
    """
    rng = random.Random(seed)
    texts = _Texts(rng)
    lines = ["", "", TITLE, "", LEGEND, ""]
    serial = 0
    section = 0
    while serial < n_projects:
        size = min(section_size, n_projects - serial)
        top = TOP_ROLES[section % len(TOP_ROLES)]
        lines.append(HEADER)
        role = f"{top} {_spaced(ROLE_TITLES[section % len(ROLE_TITLES)])}"
        lines += _headline_rows(rng, texts, role)
        # sub-roles A, B, C start at the first, middle and last third of a section
        sub_at = {0: None, size // 3: SUB_ROLES[0], 2 * size // 3: SUB_ROLES[1]}
        if size >= 9:
            sub_at[size - size // 6] = SUB_ROLES[2]
        for number in range(1, size + 1):
            serial += 1
            sub = sub_at.get(number - 1)
            cell = f"{sub[0]} {sub[1]}" if sub else ""
            lines.append(_project_row(rng, texts, number, serial, cell))
        lines.append("")
        section += 1
    return "\n".join(lines) + "\n"


#: 市区町村 in Japan (1,718 municipalities and Tokyo's 23 special wards): a nationwide scale.
MUNICIPALITIES = 1_741
INDICATORS = 115
YEARS = (2019, 2020, 2021, 2022, 2023)


class IndicatorYear(NamedTuple):
    """One indicator of one municipality in one fiscal year, with its three value texts."""

    municipality: int
    indicator: int
    fiscal_year: int
    baseline: str
    target: str
    actual: str


def indicator_years(
    n: int, seed: int = 1, indicators: int = INDICATORS, years: tuple[int, ...] = YEARS
) -> list[IndicatorYear]:
    """``n`` indicator-years, municipality by municipality (``indicators`` each, every one
    over ``years``), with the value texts of :func:`generate`; deterministic.

    A municipality's baseline and target texts are the same string objects in every year
    (as one row of a plan would be), its actuals differ year by year.

    >>> rows = indicator_years(1_200, seed=3)
    >>> len(rows), rows[0].municipality, rows[-1].municipality, rows == indicator_years(1_200, 3)
    (1200, 1, 3, True)
    """
    rng = random.Random(seed)
    texts = _Texts(rng)
    out: list[IndicatorYear] = []
    municipality = 0
    while len(out) < n:
        municipality += 1
        for number in range(1, indicators + 1):
            baseline, target, actuals = texts.draw_years(len(years))
            out += [
                IndicatorYear(municipality, number, year, baseline, target, actual)
                for year, actual in zip(years, actuals, strict=True)
            ]
    del out[n:]
    return out


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 3:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    n = int(argv[1]) if len(argv) > 1 else 10_000
    seed = int(argv[2]) if len(argv) > 2 else 1
    out.write_text(generate(n, seed), encoding="utf-8")
    print(f"wrote {out}: {n} projects, seed {seed}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
