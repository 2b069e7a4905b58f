"""Read a status list, rate every indicator, report differences and problems (no database).

  hyoka check list.txt                  # a table for people
  hyoka check list.txt --format json    # one JSON object for programs
  hyoka check --bundled sapporo-fy2019  # the FY2019 list shipped with Hyoka
  hyoka check list.xlsx --lang en       # problems and messages in English

The file is the list's PDF (.pdf: its ruled table, as Excel, LibreOffice or Hyoka print it),
the Excel list (.xlsx, the layout `hyoka export --format xlsx` writes) or the status list as
text extracted from its PDF (tab-separated), in UTF-8 (with or without BOM), UTF-16 or
Shift_JIS/CP932.  Messages are in Japanese, or in English with --lang en.  Exit 0
when the file was read (problems are reported, not fatal); 2 when it cannot be read, with the
reason on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from hyoka.cli.render import Style, table
from hyoka.core.evaluate import evaluate
from hyoka.core.i18n import LANGUAGES, gettext_noop, language, tr
from hyoka.core.rubrics import RubricError, available_rubrics, load_rubric
from hyoka.ingest.decoding import unreadable
from hyoka.ingest.readers import BUNDLED, UnreadableFile, read_bundled, read_path

#: The columns of the table for people.
HEADERS = (
    gettext_noop("事業"),
    gettext_noop("評価指標"),
    gettext_noop("目標値"),
    gettext_noop("実績値"),
    gettext_noop("公表"),
    gettext_noop("算出"),
    gettext_noop("理由"),
)
SYMBOL_STYLE = {"◎": ("green", "bold"), "○": ("cyan",), "△": ("yellow",), "×": ("red", "bold")}


def configure(p: argparse.ArgumentParser) -> None:
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("file", nargs="?", type=Path, help="the status list (.pdf, .xlsx or text)")
    src.add_argument("--bundled", choices=sorted(BUNDLED), help="a list shipped with Hyoka")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--rubric", default="sapporo", help=f"one of {', '.join(available_rubrics())}")
    p.add_argument("--year", type=int, help="fiscal year, when the title does not give it")
    p.add_argument(
        "--plan", metavar="START-END", help="plan period in fiscal years, e.g. 2019-2023"
    )
    p.add_argument("--area", metavar="NAME", help="the area, when the title does not give it")
    add_lang(p)


def add_lang(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=LANGUAGES[0],
        help="language of problems and messages: ja (default) or en",
    )


def add_scope(p: argparse.ArgumentParser) -> None:
    """``--plan START-END`` (or a plan id) and ``--area NAME``: which plan of which area, for
    the commands that work on the database (:mod:`hyoka.evaluation.lookup` resolves them)."""
    p.add_argument(
        "--plan",
        metavar="START-END",
        help="the plan, by its period (e.g. 2024-2028) or id (default: the latest)",
    )
    p.add_argument(
        "--area",
        metavar="NAME",
        help="the area as its lists print it (or its slug); needed only with several areas",
    )


class NoActiveUser(LookupError):
    """``--as NAME`` names no active user."""


def acting_user(name: str | None) -> Any:
    """The active user ``--as NAME`` names (None without ``--as``: the command acts as the
    command line); :class:`NoActiveUser` when there is none.  Starts nothing: call it after
    :func:`hyoka.django_setup.setup`."""
    if not name:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=name, is_active=True).first()
    if user is None:
        raise NoActiveUser(f"no active user {name!r}")
    return user


def parse_plan(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    try:
        start, end = (int(x) for x in text.split("-"))
    except ValueError:
        raise unreadable(
            f"--plan {text!r}", "開始年-終了年（例: 2019-2023）で指定してください"
        ) from None
    if end < start:
        raise unreadable(f"--plan {text!r}", "終了年が開始年より前です")
    return start, end


def run(args: argparse.Namespace) -> int:
    try:
        rubric = load_rubric(args.rubric)
        sl = read_bundled(args.bundled) if args.bundled else read_path(args.file)
        if args.area and not sl.area:
            sl.area = args.area
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
    """The evaluation as a person reads it in a terminal, in the run's language."""
    en = language() == "en"
    reason_key = "reason_en" if en else "reason"
    out: list[str] = []
    year = d["fiscal_year"] if en else d["fiscal_year_wareki"]
    out.append(style(f"{d['title'] or d['source']['path']}（{year}）", "bold"))
    out.append(
        tr(
            "評価基準: %(rubric)s  計画期間: %(start)s〜%(end)s年度",
            rubric=d["rubric"]["name"],
            start=d["plan"]["start"],
            end=d["plan"]["end"],
        )
    )
    label = "label_en" if en else "label"
    legend = "  ".join(f"{s['symbol']} {s[label]}" for s in d["rubric"]["symbols"])
    out.append(
        tr(
            "凡例: %(legend)s   公表=一覧に載った評価  算出=数値から算出した評価",
            legend=legend,
        )
    )
    headers = [tr(h) for h in HEADERS]
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
                ind[reason_key],
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
                    tr("→ 事業全体: %(name)s", name=p["name"]),
                    "",
                    "",
                    published or "",
                    computed,
                    p[reason_key],
                ]
            )
            styles.append(_row_styles(published, computed, False, ("bold",)))
    out += ["", table(headers, rows, widths, styles, style)]
    a = d["achievement"]
    out += [
        "",
        style(tr("達成割合"), "bold")
        + " "
        + tr(
            "%(share)s（◎・○ %(achieved)s / 評価できた指標 %(rated)s、事業1と-を除く）",
            share=a["text"],
            achieved=a["achieved"],
            rated=a["rated"],
        ),
    ]
    counts = "  ".join(f"{s} {n}" for s, n in d["ratings"]["indicators"].items())
    out.append(tr("指標の評価（算出）: %(counts)s", counts=counts))
    dis = d["disagreements"]
    out += ["", style(tr("公表との違い %(n)s件", n=len(dis)), "bold")]
    for x in dis:
        if x["project"] is not None:
            place = tr("事業%(n)s", n=x["project"])
        else:
            place = tr("基本KPI%(n)s", n=x["headline_kpi"])
        if x["indicator"] is not None:
            place += " " + tr("指標%(n)s", n=x["indicator"])
        else:
            place += " " + tr("全体")
        reason = x["reason_en"] if en else x["reason"]
        out.append(
            "  "
            + tr(
                "%(place)s: 公表 %(published)s / 算出 %(computed)s — %(reason)s",
                place=place,
                published=x["published"],
                computed=x["computed"],
                reason=reason,
            )
        )
    probs = d["problems"]
    out += ["", style(tr("問題 %(n)s件", n=len(probs)), "bold")]
    for pr in probs:
        mark = {"error": "red", "warning": "yellow", "info": "dim"}[pr["severity"]]
        out.append(f"  {style(pr['severity'], mark)} [{pr['kind']}] {pr['where']}: {pr['message']}")
    return "\n".join(out)
