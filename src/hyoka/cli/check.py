"""Read a status list, rate every indicator, report differences and problems (no database).

  hyoka check list.txt                  # a table for people
  hyoka check list.txt --format json    # one JSON object for programs
  hyoka check --bundled sapporo-fy2019  # the FY2019 list shipped with Hyoka

The file is the status list as text extracted from its PDF (tab-separated), in UTF-8
(with or without BOM), UTF-16 or Shift_JIS/CP932.  Exit 0 when the file was read
(problems are reported, not fatal); 2 when it cannot be read, with the reason on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from hyoka.cli.render import Style, table
from hyoka.core.evaluate import evaluate
from hyoka.core.rubrics import RubricError, available_rubrics, load_rubric
from hyoka.ingest.statuslist_text import BUNDLED, UnreadableFile, read_bundled, read_path

SYMBOL_STYLE = {"◎": ("green", "bold"), "○": ("cyan",), "△": ("yellow",), "×": ("red", "bold")}


def configure(p: argparse.ArgumentParser) -> None:
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("file", nargs="?", type=Path, help="the status list (text)")
    src.add_argument("--bundled", choices=sorted(BUNDLED), help="a list shipped with Hyoka")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--rubric", default="sapporo", help=f"one of {', '.join(available_rubrics())}")
    p.add_argument("--year", type=int, help="fiscal year, when the title does not give it")
    p.add_argument(
        "--plan", metavar="START-END", help="plan period in fiscal years, e.g. 2019-2023"
    )


def parse_plan(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    try:
        start, end = (int(x) for x in text.split("-"))
    except ValueError:
        raise UnreadableFile(f"--plan {text!r}: expected START-END, e.g. 2019-2023") from None
    if end < start:
        raise UnreadableFile(f"--plan {text!r}: the end year is before the start year")
    return start, end


def run(args: argparse.Namespace) -> int:
    try:
        rubric = load_rubric(args.rubric)
        sl = read_bundled(args.bundled) if args.bundled else read_path(args.file)
        result = evaluate(sl, rubric, fiscal_year=args.year, plan=parse_plan(args.plan))
    except (UnreadableFile, RubricError, ValueError) as exc:
        print(f"hyoka check: {exc}", file=sys.stderr)
        return 2
    data = result.to_dict()
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(render_table(data, Style()))
    return 0


def _row_styles(
    published: str | None, computed: str, differs: bool, name: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    reason = ("magenta",) if differs else ("dim",)
    pub = ("magenta", "bold") if differs else SYMBOL_STYLE.get(published or "", ())
    return [(), name, (), (), pub, SYMBOL_STYLE.get(computed, ()), reason]


def render_table(d: dict[str, Any], style: Style) -> str:
    """The evaluation as a person reads it in a terminal."""
    out: list[str] = []
    head = f"{d['title'] or d['source']['path']}（{d['fiscal_year_wareki']}）"
    out.append(style(head, "bold"))
    out.append(
        f"評価基準: {d['rubric']['name']}  計画期間: {d['plan']['start']}〜{d['plan']['end']}年度"
    )
    legend = "  ".join(f"{s['symbol']} {s['label']}" for s in d["rubric"]["symbols"])
    out.append(f"凡例: {legend}   公表=一覧に載った評価  算出=数値から算出した評価")
    headers = ["事業", "評価指標", "目標値", "実績値", "公表", "算出", "理由"]
    widths: list[int | None] = [6, 30, 18, 18, 4, 4, None]
    rows: list[list[str]] = []
    styles: list[list[tuple[str, ...]]] = []

    def add(label: str, ind: dict[str, Any], published: str | None, computed: str) -> None:
        differs = published is not None and published != computed
        rows.append(
            [
                label,
                ind["name"],
                ind["target"]["text"],
                ind["actual"]["text"],
                (published or "") + (" ≠" if differs else ""),
                computed,
                ind["reason"],
            ]
        )
        styles.append(_row_styles(published, computed, differs))

    for k in d["headline_kpis"]:
        ind = k["indicator"]
        add(f"KPI{k['role']}", ind, ind["rating_published"], ind["rating_computed"])
    for p in d["projects"]:
        many = len(p["indicators"]) > 1
        for ind in p["indicators"]:
            label = f"{p['number']}" + (f"-{ind['number']}" if many else "")
            add(label, ind, ind["rating_published"], ind["rating_computed"])
        if many:
            published, computed = p["rating_published"], p["rating_computed"]
            rows.append(
                [
                    str(p["number"]),
                    f"→ 事業全体: {p['name']}",
                    "",
                    "",
                    published or "",
                    computed,
                    p["reason"],
                ]
            )
            styles.append(_row_styles(published, computed, False, ("bold",)))
    out += ["", table(headers, rows, widths, styles, style)]
    a = d["achievement"]
    out += [
        "",
        style("達成割合", "bold") + f" {a['text']}（◎・○ {a['achieved']} / 評価できた指標 "
        f"{a['rated']}、事業1と-を除く）",
    ]
    counts = "  ".join(f"{s} {n}" for s, n in d["ratings"]["indicators"].items())
    out.append(f"指標の評価（算出）: {counts}")
    dis = d["disagreements"]
    out += ["", style(f"公表との違い {len(dis)}件", "bold")]
    for x in dis:
        place = f"事業{x['project']}" if x["project"] is not None else f"基本KPI{x['headline_kpi']}"
        place += f" 指標{x['indicator']}" if x["indicator"] is not None else " 全体"
        out.append(f"  {place}: 公表 {x['published']} / 算出 {x['computed']} — {x['reason']}")
    probs = d["problems"]
    out += ["", style(f"問題 {len(probs)}件", "bold")]
    for pr in probs:
        mark = {"error": "red", "warning": "yellow", "info": "dim"}[pr["severity"]]
        out.append(f"  {style(pr['severity'], mark)} [{pr['kind']}] {pr['where']}: {pr['message']}")
    return "\n".join(out)
