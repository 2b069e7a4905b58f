"""Lineage across plans (計画間のつながり): which plan-2 project or indicator continues (継続),
revises (見直し), or replaces (置き換え) which of plan 1, which is new (新規), and which plan-1
items ended (終了).

Proposed by matching names (:func:`propose`: the same name, normalised, is continuing — or
revised when its target changed; a similar name, by :class:`difflib.SequenceMatcher`, is
revised; nothing similar is new), written as a mapping file the secretariat edits
(:func:`mapping_csv`), and confirmed with it (:func:`read_mapping`, :func:`apply_mapping`):
every row is checked first, and nothing is written unless all are right; each change is an
audit record (django-simple-history) with the file's name as its reason.  The web page of the
secretariat shows the same proposal with what is recorded (:func:`review`) and confirms the
kinds and predecessors chosen there (:func:`confirm`) through the same :func:`apply_mapping`.
"""

from __future__ import annotations

import csv
import difflib
import io
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from hyoka.core.i18n import tr
from hyoka.core.text import TextRefused, clean
from hyoka.evaluation.bulk import update_rows
from hyoka.plans.models import Indicator, Lineage, Plan, Project

__all__ = [
    "COLUMNS",
    "SIMILAR",
    "MappingProblem",
    "MappingRefused",
    "Proposal",
    "Row",
    "apply_mapping",
    "confirm",
    "indicator_key",
    "mapping_csv",
    "predecessors",
    "propose",
    "read_mapping",
    "recorded",
    "review",
]

#: The columns of a mapping file, in order.
COLUMNS = ("item", "to", "to_name", "lineage", "from", "from_name", "similarity")
#: items a row may name
ITEMS = ("project", "indicator")
#: how alike two names must be (difflib's ratio) to be proposed as revised
SIMILAR = 0.6
#: a cell that would start a formula in a spreadsheet is written after an apostrophe
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: the reason of the audit records of a confirmation on the web (``source``)
WEB = "ウェブ画面"
#: the longest key a row names (a project's number, ``NUMBER-POSITION``, ``KPI-POSITION``)
KEY_LENGTH = 20
#: the lineage kinds (:class:`~hyoka.plans.models.Lineage`) as the text stored and written
CONTINUING, REVISED, REPLACING, NEW, ENDED = (
    str(k)
    for k in (Lineage.CONTINUING, Lineage.REVISED, Lineage.REPLACING, Lineage.NEW, Lineage.ENDED)
)
#: what the lineage kinds need: a predecessor (from), a successor (to)
_KINDS = (CONTINUING, REVISED, REPLACING, NEW, ENDED)
_NEEDS_FROM = {CONTINUING, REVISED, REPLACING, ENDED}
_NEEDS_TO = {CONTINUING, REVISED, REPLACING, NEW}


@dataclass
class Row:
    """One line of a mapping: the ``to`` item of the new plan and its ``lineage`` to the
    ``from`` item of the plan before (keys: a project's number; an indicator's
    ``NUMBER-POSITION``, or ``KPI-POSITION`` for a headline KPI)."""

    item: str
    to: str
    to_name: str
    lineage: str
    from_: str
    from_name: str
    similarity: str = ""


@dataclass
class MappingProblem:
    """What is wrong with a mapping file, and where: file, row (the file's line) and column."""

    source: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return tr(
            "%(source)s %(row)s行目 %(column)s列: %(problem)s",
            source=self.source,
            row=self.row,
            column=self.column,
            problem=self.message,
        )


class MappingRefused(Exception):
    """The mapping has problems; nothing was written."""

    def __init__(self, message: str, problems: list[MappingProblem]) -> None:
        super().__init__(message)
        self.problems = problems


def normalise(name: str) -> str:
    """A name as compared: NFKC, without spaces and quotation brackets.

    >>> normalise("「さっぽろ雪まつり」の 売上額") == normalise("｢さっぽろ雪まつり｣の売上額")
    True
    """
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "「」『』\"'“”")


def indicator_key(ind: Indicator) -> str:
    """An indicator's key in a mapping: ``NUMBER-POSITION``, or ``KPI-POSITION``."""
    return f"{ind.project.number}-{ind.position}" if ind.project else f"KPI-{ind.position}"


def _indicators(plan: Plan) -> dict[str, Indicator]:
    qs = Indicator.objects.filter(plan=plan).select_related("project").order_by("pk")
    return {indicator_key(i): i for i in qs}


def _projects(plan: Plan) -> dict[str, Project]:
    return {str(p.number): p for p in Project.objects.filter(plan=plan).order_by("number")}


class _Pool:
    """Names to match against: normalised, with an index of the exact ones and of their
    character pairs (bigrams), so only the few names sharing most pairs with a name are
    compared with it in full (difflib's ratio costs a quadratic time per pair)."""

    #: how many of the names sharing most character pairs are compared in full
    SHORTLIST = 12

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.exact: dict[str, str] = {}
        self.pairs: dict[str, list[str]] = {}
        for key, name in names.items():
            self.exact.setdefault(name, key)
            for pair in _pairs(name):
                self.pairs.setdefault(pair, []).append(key)

    def best(self, name: str) -> tuple[str | None, float]:
        """The key of the name most like ``name``, with its ratio (``None`` below
        :data:`SIMILAR`)."""
        if name in self.exact:
            return self.exact[name], 1.0
        shared: Counter[str] = Counter()
        for pair in _pairs(name):
            shared.update(self.pairs.get(pair, ()))
        best: tuple[str | None, float] = (None, 0.0)
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(name)
        for key, _ in shared.most_common(self.SHORTLIST):
            matcher.set_seq1(self.names[key])
            if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
                continue
            ratio = matcher.ratio()
            if ratio > best[1]:
                best = (key, ratio)
        return best if best[1] >= SIMILAR else (None, best[1])


def _pairs(name: str) -> set[str]:
    return {name[i : i + 2] for i in range(len(name) - 1)} or {name}


def propose(old: Plan, new: Plan) -> list[Row]:
    """The lineage the names suggest, from ``old`` (plan 1) to ``new`` (plan 2): one row per
    project and indicator of ``new``, then one ``ended`` row per item of ``old`` that none
    continues.  A project's indicators are looked for first among those of the project it
    carries on, then among all (so a list of a thousand projects is not a million
    comparisons)."""
    rows: list[Row] = []
    old_projects, new_projects = _projects(old), _projects(new)
    projects = _Pool({k: normalise(p.name) for k, p in old_projects.items()})
    carried: dict[str, str] = {}
    for key, p in new_projects.items():
        found, ratio = projects.best(normalise(p.name))
        if found is not None:
            carried[key] = found
        kind = NEW if found is None else _kind(ratio, True)
        rows.append(_row("project", key, p.name, kind, found, old_projects, ratio))
    old_inds, new_inds = _indicators(old), _indicators(new)
    pools = {
        scope: _Pool({k: normalise(i.name) for k, i in old_inds.items() if _scope(i) == scope})
        for scope in {_scope(i) for i in old_inds.values()}
    }
    everyone = {
        headline: _Pool(
            {k: normalise(i.name) for k, i in old_inds.items() if (i.project is None) is headline}
        )
        for headline in (True, False)
    }
    for key, ind in sorted(new_inds.items(), key=lambda x: x[1].project is not None):
        name = normalise(ind.name)
        own = pools.get(carried.get(_scope(ind), "")) if ind.project else None
        found, ratio = own.best(name) if own else (None, 0.0)
        if found is None:
            found, ratio = everyone[ind.project is None].best(name)
        same = found is not None and normalise(old_inds[found].target_text) == normalise(
            ind.target_text
        )
        kind = NEW if found is None else _kind(ratio, same)
        rows.append(_row("indicator", key, ind.name, kind, found, old_inds, ratio))
    for item, olds in (("project", old_projects), ("indicator", old_inds)):
        taken = {r.from_ for r in rows if r.item == item}
        for key, x in olds.items():
            if key not in taken:
                rows.append(Row(item, "", "", ENDED, key, x.name))
    return rows


def _scope(ind: Indicator) -> str:
    """The project (its number) an indicator belongs to; ``""`` for a headline KPI."""
    return str(ind.project.number) if ind.project else ""


def recorded(old: Plan, new: Plan) -> list[Row]:
    """The lineage recorded from ``old`` to ``new``, as rows of a mapping file (the items of
    ``new`` whose lineage is set, then the items of ``old`` marked ended)."""
    rows = []
    for item, olds, news in (
        ("project", _projects(old), _projects(new)),
        ("indicator", _indicators(old), _indicators(new)),
    ):
        by_pk = {x.pk: k for k, x in olds.items()}
        for key, x in news.items():
            if x.lineage:
                before = by_pk.get(x.predecessor_id, "")
                name = olds[before].name if before else ""
                rows.append(Row(item, key, x.name, x.lineage, before, name))
        rows += [Row(item, "", "", ENDED, k, x.name) for k, x in olds.items() if x.lineage == ENDED]
    return rows


@dataclass
class Proposal:
    """One item of the new plan as the secretariat's page shows it: the lineage recorded
    (``confirmed``) or else the names' proposal (``row``), and the names' proposal itself."""

    row: Row
    proposed: Row
    confirmed: bool


def review(old: Plan, new: Plan) -> tuple[list[Proposal], list[Proposal]]:
    """Each item of ``new`` with its lineage (recorded, else proposed by the names), and the
    items of ``old`` that end as things stand (continued by none of those; ``confirmed`` when
    recorded as ended)."""
    proposed = propose(old, new)
    recorded_rows = {(r.item, r.to): r for r in recorded(old, new) if r.lineage != ENDED}
    items = []
    for p in proposed:
        if p.lineage == ENDED:
            continue
        row = recorded_rows.get((p.item, p.to))
        items.append(Proposal(row or p, p, row is not None))
    taken = {(x.row.item, x.row.from_) for x in items if x.row.from_}
    names: dict[str, dict[str, Any]] = {"project": _projects(old), "indicator": _indicators(old)}
    ended = []
    for item in ITEMS:
        for key, x in names[item].items():
            if (item, key) not in taken:
                row = Row(item, "", "", ENDED, key, x.name)
                ended.append(Proposal(row, row, x.lineage == ENDED))
    return items, ended


def predecessors(old: Plan) -> dict[str, list[tuple[str, str]]]:
    """What a row may name as its predecessor: the key and name of each item of ``old``."""
    return {
        "project": [(k, p.name) for k, p in _projects(old).items()],
        "indicator": [(k, i.name) for k, i in _indicators(old).items()],
    }


def confirm(
    old: Plan, new: Plan, chosen: list[tuple[str, str, str, str]], *, user: Any
) -> Counter[str]:
    """Confirm the lineage chosen on the web: ``chosen`` holds (item, to, lineage, from) for
    items of ``new``; every item of ``old`` that none of them carries on is ended.  Each text
    passes :mod:`hyoka.core.text`'s rules first; then :func:`apply_mapping` checks and writes
    it all or nothing, each change with its audit record (``user``, reason :data:`WEB`)."""
    rows: list[tuple[int, Row]] = []
    problems: list[MappingProblem] = []
    for line, cells in enumerate(chosen, 1):
        texts = []
        for column, text in zip(("item", "to", "lineage", "from"), cells, strict=True):
            try:
                texts.append(clean(text, label=column, limit=KEY_LENGTH))
            except TextRefused as exc:
                problems.append(MappingProblem(WEB, line, column, exc.message))
                texts.append("")
        item, to, kind, from_ = texts
        rows.append((line, Row(item, to, "", kind, from_, "")))
    if problems:
        raise MappingRefused(
            tr(
                "%(source)s: 誤りが%(count)s件あります。何も書き込んでいません",
                source=WEB,
                count=len(problems),
            ),
            problems,
        )
    taken = {(r.item, r.from_) for _, r in rows if r.lineage != ENDED and r.from_}
    line = len(rows)
    for item, olds in predecessors(old).items():
        for key, _ in olds:
            if (item, key) not in taken:
                line += 1
                rows.append((line, Row(item, "", "", ENDED, key, "")))
    return apply_mapping(old, new, rows, source=WEB, user=user)


def _kind(ratio: float, same_target: bool) -> str:
    return CONTINUING if ratio == 1.0 and same_target else REVISED


def _row(
    item: str, key: str, name: str, kind: str, found: str | None, olds: dict[str, Any], r: float
) -> Row:
    if found is None:
        return Row(item, key, name, kind, "", "", "")
    return Row(item, key, name, kind, found, olds[found].name, f"{r:.2f}")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def mapping_csv(rows: list[Row]) -> str:
    """The mapping file: UTF-8 CSV, a header of :data:`COLUMNS`, one row each."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        cells = (r.item, r.to, r.to_name, r.lineage, r.from_, r.from_name, r.similarity)
        writer.writerow([_cell(c) for c in cells])
    return out.getvalue()


def read_mapping(data: bytes, source: str) -> list[tuple[int, Row]]:
    """The rows of a mapping file with their line numbers; :class:`MappingRefused` naming file,
    row and column when it is not one."""

    def refused(row: int, column: str, message: str) -> MappingRefused:
        problem = MappingProblem(source, row, column, message)
        return MappingRefused(str(problem), [problem])

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refused(1, "-", tr("UTF-8 の CSV ではありません")) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or [h.strip() for h in header] != list(COLUMNS):
        raise refused(1, "-", tr("見出しは %(columns)s です", columns=",".join(COLUMNS)))
    rows = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        line = reader.line_num
        if len(cells) != len(COLUMNS):
            raise refused(line, "-", tr("列が%(n)s個必要です", n=len(COLUMNS)))
        item, to, to_name, kind, from_, from_name, similarity = (
            c[1:] if c.startswith("'") and c[1:].startswith(_FORMULA_START) else c.strip()
            for c in cells
        )
        rows.append((line, Row(item, to, to_name, kind, from_, from_name, similarity)))
    return rows


def apply_mapping(
    old: Plan, new: Plan, rows: list[tuple[int, Row]], *, source: str, user: Any = None
) -> Counter[str]:
    """Write the lineage ``rows`` say, all or nothing: every row is checked against both plans
    first (:class:`MappingRefused` with every problem); then, in one transaction, each item that
    changes is written with its audit record.  Returns the count of each lineage written."""
    problems: list[MappingProblem] = []
    olds = {"project": _projects(old), "indicator": _indicators(old)}
    news = {"project": _projects(new), "indicator": _indicators(new)}
    changes: dict[str, list[tuple[Any, Any, str]]] = {"project": [], "indicator": []}
    seen: set[tuple[str, str, str]] = set()
    for line, r in rows:
        found = _check(r, line, source, olds, news, seen, problems)
        if found is not None:
            changes[r.item].append(found)
    if problems:
        raise MappingRefused(
            tr(
                "%(source)s: 誤りが%(count)s件あります。何も書き込んでいません",
                source=source,
                count=len(problems),
            ),
            problems,
        )
    for item in ITEMS:
        changes[item] += _continued_again(changes[item])
    return _write(changes, source, user)


def _continued_again(changes: list[tuple[Any, Any, str]]) -> list[tuple[Any, Any, str]]:
    """The items of the plan before marked ended that a row now carries on: no longer ended
    (their own link to the plan before them kept)."""
    ended = {id(obj) for obj, _, kind in changes if kind == ENDED}
    again: dict[int, Any] = {}
    for _, predecessor, kind in changes:
        if kind == ENDED or predecessor is None or id(predecessor) in ended:
            continue
        if predecessor.lineage == ENDED:
            again[id(predecessor)] = predecessor
    return [(obj, None, "") for obj in again.values()]


def _check(
    r: Row,
    line: int,
    source: str,
    olds: dict[str, dict[str, Any]],
    news: dict[str, dict[str, Any]],
    seen: set[tuple[str, str, str]],
    problems: list[MappingProblem],
) -> tuple[Any, Any, str] | None:
    """The (item, predecessor, lineage) a row says, or ``None`` with its problems noted."""
    before = len(problems)

    def bad(column: str, message: str) -> None:
        problems.append(MappingProblem(source, line, column, message))

    if r.item not in ITEMS:
        bad("item", tr("project か indicator です（「%(text)s」）", text=r.item))
        return None
    if r.lineage not in _KINDS:
        choices = ", ".join(_KINDS)
        bad(
            "lineage",
            tr("%(choices)s のどれかです（「%(text)s」）", choices=choices, text=r.lineage),
        )
        return None
    kind = r.lineage
    target = news[r.item].get(r.to) if r.to else None
    predecessor = olds[r.item].get(r.from_) if r.from_ else None
    if kind in _NEEDS_TO and target is None:
        bad("to", tr("新しい計画にない番号です（「%(text)s」）", text=r.to))
    if kind not in _NEEDS_TO and r.to:
        bad("to", tr("終了（ended）の行には to を書きません"))
    if kind in _NEEDS_FROM and predecessor is None:
        bad("from", tr("前の計画にない番号です（「%(text)s」）", text=r.from_))
    if kind == NEW and r.from_:
        bad("from", tr("新規（new）の行には from を書きません"))
    key = (r.item, "to" if kind != ENDED else "from", r.to or r.from_)
    if key in seen:
        bad(key[1], tr("同じ項目が2回あります（「%(text)s」）", text=key[2]))
    seen.add(key)
    if len(problems) > before:
        return None
    if kind == ENDED:
        return predecessor, None, kind
    return target, predecessor, kind


@transaction.atomic
def _write(changes: dict[str, list[tuple[Any, Any, str]]], source: str, user: Any) -> Counter[str]:
    counts: Counter[str] = Counter()
    reason = f"計画間のつながり: {source}"
    for item in ITEMS:
        changed = []
        for obj, predecessor, kind in changes[item]:
            pk = predecessor.pk if predecessor is not None else None
            if kind in (ENDED, ""):
                pk = obj.predecessor_id  # an item of the plan before keeps its own link
            if (obj.predecessor_id, obj.lineage) != (pk, kind):
                obj.predecessor_id, obj.lineage = pk, kind
                changed.append(obj)
                counts[f"{item} {kind or 'not ended'}"] += 1
        if changed:
            update_rows(changed, ["predecessor", "lineage"], user=user, reason=reason)
    return counts
