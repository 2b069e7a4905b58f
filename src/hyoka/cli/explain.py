"""Show how value texts are understood (number, unit, cadence, year, qualifiers).

  hyoka explain "29.8万人 (2023年度)" "▲2,805人 (2017年)" "100名以上 (集計中)" -
  hyoka explain --format json "1回（予定）"
  hyoka explain --lang en "たくさん" "(5年度)"     # reasons and warnings in English

JSON is a list of value objects: text, kind, number (scale applied, negative for ▲),
unit, per, year, year_basis, qualifiers, and reason when a text is not understood.
"""

from __future__ import annotations

import argparse
import json
import sys

from hyoka.cli.check import add_lang
from hyoka.cli.render import Style, table
from hyoka.core.i18n import in_language
from hyoka.core.values import QUALIFIER_LABELS, Value, explain

KIND_LABELS = {
    "quantity": "数量",
    "compound": "複合",
    "year": "年度",
    "deadline": "期限",
    "date": "時点",
    "state": "状態",
    "relative": "相対",
    "change": "増減",
    "range": "範囲",
    "transition": "前→後",
    "none": "なし",
    "text": "読めない",
}


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("texts", nargs="+", metavar="TEXT", help="value texts, e.g. 29.8万人 (2023年度)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    add_lang(p)


def run(args: argparse.Namespace) -> int:
    values = [explain(t) for t in args.texts]
    if args.format == "json":
        json.dump([v.to_dict() for v in values], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    style = Style()
    rows, styles = [], []
    for v in values:
        rows.append(_row(v))  # in the language of --lang (hyoka.cli.main)
        styles.append([("red",) if v.kind == "text" else ()] + [()] * 7)
    headers = ["値", "種類", "数値", "単位", "期間", "年度", "修飾", "補足・理由"]
    print(table(headers, rows, [None, None, None, None, None, None, None, None], styles, style))
    return 0


def _row(v: Value) -> list[str]:
    number = "" if v.number is None else f"{v.number:,}"
    if v.parts:
        sep = {"range": " ～ ", "transition": " → "}.get(v.kind, " / ")
        number = sep.join(f"{p.number:,}" for p in v.parts if p.number is not None)
    year = ""
    if v.year is not None:
        year = f"{v.year}{'年' if v.year_basis == 'calendar' else '年度'}"
        year += {"until": "まで", "from": "以降"}.get(v.year_relation or "", "")
    quals = [QUALIFIER_LABELS[q][0] for q in v.qualifiers]
    if v.bound:
        quals.insert(
            0,
            {"at_least": "以上", "more_than": "超", "at_most": "以下", "less_than": "未満"}[
                v.bound
            ],
        )
    if v.each:
        quals.insert(0, "各")
    reason = in_language(v.reason) if v.reason else None
    extra = reason or v.state or v.relation or v.note or v.as_of or ""
    if v.footnotes:
        extra = " ".join([extra, *v.footnotes]).strip()
    if v.warnings:
        extra = "; ".join([extra, *map(in_language, v.warnings)]).strip("; ")
    return [
        v.text,
        KIND_LABELS[v.kind],
        number,
        (v.scale or "") + (v.unit or ""),
        f"/{v.per}" if v.per else "",
        year,
        "・".join(quals),
        extra,
    ]
