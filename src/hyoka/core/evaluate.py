"""Rate a status list: every indicator with its reason, projects, the achievement share,
differences from the published symbols, and the problems the figures show.

The result is plain data (:meth:`Evaluation.to_dict` is the JSON of ``hyoka check --format
json``, whose contract the README states), for any renderer — the terminal table, JSON, and
later the web and the exports.

>>> from hyoka.ingest.statuslist_text import read_bundled
>>> ev = evaluate(read_bundled())
>>> ev.achievement.achieved, ev.achievement.rated, ev.achievement.percent_text
(40, 47, '85.1%')
>>> [(d["project"], d["indicator"], d["published"], d["computed"]) for d in ev.disagreements]
[(14, None, '○', '×'), (32, 1, '△', '×'), (32, 2, '△', '×'), (36, 2, '○', '◎')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hyoka.core.aggregate import Achievement, achievement_share, trajectory
from hyoka.core.assess import Context, Reason, assess
from hyoka.core.dates import Role
from hyoka.core.i18n import tr
from hyoka.core.periods import to_wareki
from hyoka.core.resolve import resolve
from hyoka.core.rubrics import Rating, Rubric, load_rubric
from hyoka.core.statuslist import VALUE_HEADERS, Indicator, Problem, Project, StatusList, Where
from hyoka.core.values import Value, explain, unit_key

__all__ = [
    "KNOWN_PLANS",
    "Evaluation",
    "evaluate",
    "is_achievement_share",
    "plan_period",
    "rate_indicator",
    "rate_project",
    "rate_share",
]

#: Plan periods (ビジョン) known for an area, by the area name in a list's title.
KNOWN_PLANS: dict[str, tuple[tuple[int, int], ...]] = {
    "さっぽろ連携中枢都市圏": ((2019, 2023), (2024, 2028)),
}
ROLES: tuple[Role, ...] = ("baseline", "target", "actual")
EXPECTED_VALUE = "a value such as 12社/年度, 29.8万人 (2023年度), 2019年度まで, 常時, or -"


def is_achievement_share(name: str) -> bool:
    """The indicator that is the plan's own achievement share (project 1 in Sapporo).

    >>> is_achievement_share("本ビジョンに掲げる各連携事業の評価指標の達成割合")
    True
    """
    return "評価指標" in name and ("達成割合" in name or "達成率" in name)


def plan_period(area: str, fiscal_year: int) -> tuple[int, int] | None:
    """The known plan of ``area`` that covers ``fiscal_year``.

    >>> plan_period("さっぽろ連携中枢都市圏", 2019), plan_period("どこか", 2019)
    ((2019, 2023), None)
    """
    for start, end in KNOWN_PLANS.get(area, ()):
        if start <= fiscal_year <= end:
            return start, end
    return None


@dataclass
class RatedIndicator:
    indicator: Indicator
    baseline: Value
    target: Value
    actual: Value
    rating: Rating
    computed_actual: Value | None = None

    def to_dict(self, number: int, fiscal_year: int | None = None) -> dict[str, Any]:
        a = self.rating.assessment
        actual = self.computed_actual or self.actual
        traj = trajectory(self.baseline, self.target, actual, fiscal_year)
        out: dict[str, Any] = {
            "number": number,
            "name": self.indicator.name,
            "baseline": self.baseline.to_dict(),
            "target": self.target.to_dict(),
            "actual": self.actual.to_dict(),
            "rating_published": self.indicator.rating_published,
            "rating_computed": self.rating.symbol,
            "reason": self.rating.reason.ja,
            "reason_en": self.rating.reason.en,
            "outcome": a.outcome if a else None,
            "provisional": a.provisional if a else None,
            "due": a.due if a else None,
            "trajectory": traj.to_dict() if traj else None,
        }
        if self.computed_actual is not None:
            out["actual_computed"] = self.computed_actual.to_dict()
        if a is not None and a.warnings:
            out["warnings"] = [w.ja for w in a.warnings]
            out["warnings_en"] = [w.en for w in a.warnings]
        return out


@dataclass
class RatedProject:
    project: Project
    indicators: list[RatedIndicator]
    rating: Rating

    #: the document's symbol for the project: its one symbol, or the worst of the symbols
    #: it printed per indicator (None when it printed none)
    published: str | None = None


@dataclass
class Evaluation:
    status_list: StatusList
    rubric: Rubric
    context: Context
    headlines: list[RatedIndicator]
    projects: list[RatedProject]
    achievement: Achievement
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        sl = self.status_list
        roles = {r.label: r for r in sl.roles}
        counts: dict[str, int] = {s.symbol: 0 for s in self.rubric.symbols}
        for p in self.projects:
            for ri in p.indicators:
                counts[ri.rating.symbol] += 1
        return {
            "source": {"path": sl.source, "encoding": sl.encoding},
            "title": sl.title,
            "area": sl.area,
            "fiscal_year": self.context.fiscal_year,
            "fiscal_year_wareki": to_wareki(self.context.fiscal_year, fiscal=True),
            "plan": {"start": self.context.plan_start, "end": self.context.plan_end},
            "rubric": {
                "code": self.rubric.code,
                "name": self.rubric.name_ja,
                "symbols": [
                    {"symbol": s.symbol, "label": s.label_ja, "label_en": s.label_en}
                    for s in self.rubric.symbols
                ],
            },
            "roles": [r.to_dict() for r in sl.roles],
            "headline_kpis": [
                {
                    "role": h.role,
                    "role_title": roles[h.role].title if h.role in roles else None,
                    "indicator": ri.to_dict(i, self.context.fiscal_year),
                    "notes": h.notes,
                }
                for i, (h, ri) in enumerate(zip(sl.headlines, self.headlines, strict=True), 1)
            ],
            "projects": [
                _project_dict(rp, roles, self.context.fiscal_year) for rp in self.projects
            ],
            "ratings": {"indicators": counts},
            "achievement": self.achievement.to_dict() | {"text": self.achievement.percent_text},
            "disagreements": self.disagreements,
            "problems": [p.to_dict() for p in self.problems],
        }


def _project_dict(rp: RatedProject, roles: dict[str, Any], year: int) -> dict[str, Any]:
    p = rp.project
    return {
        "number": p.number,
        "name": p.name,
        "role": p.role,
        "role_title": roles[p.role].title if p.role in roles else None,
        "sub_role": p.sub_role,
        "sub_role_title": roles[p.sub_role].title if p.sub_role in roles else None,
        "summary": p.summary,
        "notes": p.notes,
        "rating_published": rp.published,
        "rating_published_text": p.rating_cell,
        "rating_computed": rp.rating.symbol,
        "reason": rp.rating.reason.ja,
        "reason_en": rp.rating.reason.en,
        "indicators": [ri.to_dict(i, year) for i, ri in enumerate(rp.indicators, 1)],
    }


def evaluate(
    sl: StatusList,
    rubric: Rubric | None = None,
    *,
    fiscal_year: int | None = None,
    plan: tuple[int, int] | None = None,
) -> Evaluation:
    """Rate every indicator of ``sl``; ``fiscal_year`` and ``plan`` override the document's."""
    rubric = rubric or load_rubric("sapporo")
    problems = list(sl.problems)
    year = fiscal_year or sl.fiscal_year
    if year is None:
        raise ValueError(
            f"{sl.source}: no fiscal year in the title; give one (hyoka check --year 2019)"
        )
    if plan is None:
        plan = plan_period(sl.area, year)
        if plan is None:
            plan = (year, year + 4)
            problems.append(
                Problem(
                    "plan_period_assumed",
                    f"計画期間が分からないため{plan[0]}〜{plan[1]}年度と仮定しました"
                    "（--plan 2019-2023 で指定できます）",
                    severity="info",
                )
            )
    ctx = Context(year, plan[0], plan[1])
    _check_legend(sl, rubric, problems)
    headlines = [rate_indicator(h.indicator, rubric, ctx, problems) for h in sl.headlines]
    projects: list[RatedProject] = []
    share_indicators: list[tuple[RatedProject, int]] = []
    for p in sl.projects:
        rp = rate_project(p, rubric, ctx, problems)
        projects.append(rp)
        share_indicators += [(rp, i) for i, ind in enumerate(p.indicators) if _share(ind)]
    share_projects = {id(rp) for rp, _ in share_indicators}
    achievement = achievement_share(
        (
            ri.rating.symbol
            for rp in projects
            if id(rp) not in share_projects
            for ri in rp.indicators
        ),
        rubric,
    )
    for rp in (rp for rp in projects if id(rp) in share_projects):
        rate_share(rp, achievement, rubric, ctx, problems)
    disagreements = _disagreements(headlines, projects, rubric, problems)
    return Evaluation(sl, rubric, ctx, headlines, projects, achievement, disagreements, problems)


def rate_project(
    p: Project, rubric: Rubric, ctx: Context, problems: list[Problem] | None = None
) -> RatedProject:
    """One project rated on its own: each indicator, and the project's worst rating.  Its
    achievement-share indicator, if it has one, waits for :func:`rate_share`.  What
    :func:`evaluate` does for every project, and a save for the projects it changed."""
    rated = [rate_indicator(ind, rubric, ctx, problems) for ind in p.indicators]
    rp = RatedProject(p, rated, rubric.worst([r.rating for r in rated]))
    rp.published = _published_project(p, rubric)
    return rp


def rate_share(
    rp: RatedProject,
    achievement: Achievement,
    rubric: Rubric,
    ctx: Context,
    problems: list[Problem] | None = None,
) -> None:
    """Rate ``rp``'s achievement-share indicators (project 1) from the share of the others."""
    for i, ind in enumerate(rp.project.indicators):
        if _share(ind):
            _rate_share(rp, i, achievement, rubric, ctx, [] if problems is None else problems)


def _published_project(p: Project, rubric: Rubric) -> str | None:
    if p.rating_published is not None:
        return p.rating_published
    symbols = [ind.rating_published for ind in p.indicators]
    if not symbols or not all(s and rubric.is_symbol(s) for s in symbols):
        return None
    ranked = [rubric.symbol(s) for s in symbols if s and rubric.symbol(s).rated]
    return min(ranked, key=lambda s: s.rank).symbol if ranked else rubric.unrated


def _share(ind: Indicator) -> bool:
    return is_achievement_share(ind.name)


def rate_indicator(
    ind: Indicator, rubric: Rubric, ctx: Context, problems: list[Problem] | None = None
) -> RatedIndicator:
    """One indicator rated against its target; what the figures show is added to ``problems``
    (when given)."""
    if problems is None:
        problems = []
    plan = (ctx.plan_start, ctx.plan_end)
    values: dict[str, Value] = {
        key: resolve(explain(getattr(ind, key)), key, ctx.fiscal_year, plan) for key in ROLES
    }
    for key, value in values.items():
        where = ind.where.get(key)
        if value.kind == "text" and getattr(ind, key).strip():
            problems.append(
                Problem(
                    "value_not_understood",
                    tr(
                        "%(header)s「%(text)s」を読めません: %(reason)s",
                        header=tr(VALUE_HEADERS[key]),
                        text=value.text,
                        reason=value.reason,
                    ),
                    where,
                    text=value.text,
                    expected=EXPECTED_VALUE,
                )
            )
        for w in value.warnings:
            problems.append(
                Problem(
                    "value_warning",
                    tr("「%(text)s」: %(warning)s", text=value.text, warning=w),
                    where,
                    text=value.text,
                )
            )
    _check_consistency(ind, values, problems)
    a = assess(values["target"], values["actual"], values["baseline"], ctx)
    for warning in a.warnings:
        problems.append(
            Problem(
                "rating_warning",
                f"「{ind.name}」: {warning.ja}",
                ind.where.get("actual"),
                text=values["actual"].text,
                expected=EXPECTED_VALUE,
                message_en=f"{ind.name}: {warning.en}",
            )
        )
    return RatedIndicator(
        ind, values["baseline"], values["target"], values["actual"], rubric.rate(a)
    )


def _check_consistency(ind: Indicator, v: dict[str, Value], problems: list[Problem]) -> None:
    """Signs and units that contradict each other across baseline, target and actual."""
    nums = {k: x for k, x in v.items() if x.kind == "quantity" and x.number is not None}
    b, t, a = nums.get("baseline"), nums.get("target"), nums.get("actual")
    if (
        b
        and t
        and a
        and b.number
        and t.number
        and a.number
        and (b.number < 0) == (t.number < 0)
        and (a.number < 0) != (b.number < 0)
    ):
        problems.append(
            Problem(
                "sign_contradiction",
                f"「{ind.name}」: 実績値「{a.text}」の符号が基準値「{b.text}」・"
                f"目標値「{t.text}」と逆です（▲の付け忘れ・付け間違いではありませんか）",
                ind.where.get("actual"),
                text=a.text,
                expected="▲" + a.text if b.number < 0 else a.text.lstrip("▲△-"),
            )
        )
    units = {k: (unit_key(x.unit), x.per) for k, x in nums.items() if x.unit}
    if len({u for u, _ in units.values()}) > 1:
        shown = "、".join(f"{VALUE_HEADERS[k]}「{nums[k].text}」" for k in units)
        problems.append(
            Problem(
                "unit_mismatch",
                f"「{ind.name}」: 単位が揃っていません: {shown}",
                ind.where.get("actual"),
                text=shown,
                expected="the same counter in baseline, target and actual",
            )
        )
    pers = {k: x.per for k, x in nums.items() if x.per in ("日", "月")}
    if pers and len(pers) < len(nums):
        shown = "、".join(f"{VALUE_HEADERS[k]}「{nums[k].text}」" for k in nums)
        problems.append(
            Problem(
                "per_mismatch",
                f"「{ind.name}」: 1日（1月）あたりの値とそうでない値が混ざっています: {shown}",
                ind.where.get("actual"),
                text=shown,
                expected="every value per day (人/日), or none",
            )
        )


def _rate_share(
    rp: RatedProject,
    index: int,
    achievement: Achievement,
    rubric: Rubric,
    ctx: Context,
    problems: list[Problem],
) -> None:
    """Rate the achievement-share indicator from the share computed over the other projects."""
    ri = rp.indicators[index]
    if achievement.share is None:
        return
    computed = explain(achievement.percent_text)
    a = assess(ri.target, computed, ri.baseline, ctx)
    why = Reason(
        f"達成割合は他の事業の評価から算出: {achievement.achieved}/{achievement.rated}"
        f"（◎・○の指標数／評価できた指標数、事業{rp.project.number}自身と-を除く）",
        f"the share is computed from the other projects' ratings: "
        f"{achievement.achieved}/{achievement.rated} (achieved or expected over rated, "
        f"leaving out project {rp.project.number} and unrated ones)",
    )
    rating = rubric.rate(a)
    ri.computed_actual = computed
    ri.rating = Rating(rating.symbol, why.join(rating.reason), a)
    rp.rating = rubric.worst([r.rating for r in rp.indicators])
    doc = ri.actual
    if (
        doc.kind == "quantity"
        and doc.number is not None
        and computed.number is not None
        and abs(doc.number - computed.number) >= Decimal("0.05")
    ):
        problems.append(
            Problem(
                "achievement_figure",
                f"事業{rp.project.number}の実績値「{doc.text}」は、各指標の評価から算出した"
                f"達成割合 {achievement.percent_text} と違います",
                ri.indicator.where.get("actual"),
                text=doc.text,
                expected=achievement.percent_text,
            )
        )


def _check_legend(sl: StatusList, rubric: Rubric, problems: list[Problem]) -> None:
    for symbol in sl.legend:
        if not rubric.is_symbol(symbol):
            problems.append(
                Problem(
                    "legend",
                    f"凡例の記号「{symbol}」は評価基準「{rubric.name_ja}」にありません",
                    text=symbol,
                    expected="、".join(s.symbol for s in rubric.symbols),
                )
            )


def _disagreements(
    headlines: list[RatedIndicator],
    projects: list[RatedProject],
    rubric: Rubric,
    problems: list[Problem],
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def check(published: str | None, rating: Rating, where: Where | None, **keys: Any) -> None:
        if published is None:
            return
        if not rubric.is_symbol(published):
            problems.append(
                Problem(
                    "unknown_symbol",
                    f"評価「{published}」は評価基準「{rubric.name_ja}」の記号ではありません",
                    where,
                    text=published,
                    expected="、".join(s.symbol for s in rubric.symbols),
                )
            )
        elif published != rating.symbol:
            out.append(
                keys
                | {
                    "published": published,
                    "computed": rating.symbol,
                    "reason": rating.reason.ja,
                    "reason_en": rating.reason.en,
                }
            )

    for i, ri in enumerate(headlines, 1):
        check(
            ri.indicator.rating_published,
            ri.rating,
            ri.indicator.where.get("rating"),
            project=None,
            headline_kpi=i,
            indicator=1,
        )
    for rp in projects:
        many = len(rp.indicators) > 1
        if many and rp.project.rating_published is not None:
            where = rp.indicators[0].indicator.where.get("rating")
            check(
                rp.project.rating_published,
                rp.rating,
                where,
                project=rp.project.number,
                indicator=None,
            )
        for i, ri in enumerate(rp.indicators, 1):
            if many and rp.project.rating_published is not None:
                continue
            check(
                ri.indicator.rating_published,
                ri.rating,
                ri.indicator.where.get("rating"),
                project=rp.project.number,
                indicator=i,
            )
    return out
