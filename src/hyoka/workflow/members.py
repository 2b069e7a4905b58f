"""What each member (市町村) has to enter in a year, and how far it has come.

A municipality owes three kinds of figures: the 実績値 of the projects it leads (幹事市町村),
its own part (市町村ごとの値, :class:`~hyoka.evaluation.models.Contribution`) of every
indicator that adds up the parts, in each project it takes part in (参加市町村), and the
headline KPIs (基本KPI) the plan names it for (``Indicator.lead``).  The headline KPIs the plan
names no one for are the secretariat's (事務局: an :class:`Owed` without a municipality).  One
query set per kind, whatever the number of projects; the entry list ("あなたの入力"), the
board per municipality, the submission check, the API's ``to_enter`` and the reminders all read
this module.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.mail import send_mass_mail
from django.db.models import Q
from django.utils.translation import gettext as _

from hyoka.accounts.models import Duty, Membership
from hyoka.core.periods import both_calendars
from hyoka.evaluation.models import Contribution, IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator, Municipality, Project
from hyoka.workflow.cycle import EDITABLE, Action, require


@dataclass
class Item:
    """One figure a municipality owes: a project's actual (``part`` False), its part, or a
    headline KPI's actual (``project`` None; ``state`` is then the KPI's own)."""

    project: Project | None
    indicator: Indicator
    part: bool
    text: str
    version: int
    state: str

    @property
    def entered(self) -> bool:
        return bool(self.text.strip())

    @property
    def headline(self) -> bool:
        return self.project is None

    @property
    def project_state_label(self) -> str:
        return str(ProjectYear.State(self.state).label) if self.state else ""

    @property
    def open(self) -> bool:
        """Whether it can still be entered (the project, or the headline KPI, is a draft or
        returned)."""
        return self.state in EDITABLE


@dataclass
class Owed:
    """A municipality's figures of the year — or, without a municipality, the secretariat's
    (the headline KPIs the plan names no municipality for): entered and missing, the people
    who enter them (its editors; the secretariat's members)."""

    municipality: Municipality | None
    items: list[Item] = field(default_factory=list)
    editors: list[Any] = field(default_factory=list)

    @property
    def secretariat(self) -> bool:
        return self.municipality is None

    @property
    def name(self) -> str:
        return self.municipality.name if self.municipality else str(_("事務局"))

    @property
    def code(self) -> str:
        """The 団体コード, or ``secretariat``."""
        return self.municipality.code if self.municipality else "secretariat"

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def entered(self) -> int:
        return sum(i.entered for i in self.items)

    @property
    def missing(self) -> int:
        return self.total - self.entered

    @property
    def parts(self) -> list[Item]:
        return [i for i in self.items if i.part]

    @property
    def figures(self) -> list[Item]:
        """The actuals of the projects it leads."""
        return [i for i in self.items if not i.part and not i.headline]

    @property
    def headlines(self) -> list[Item]:
        return [i for i in self.items if i.headline]

    @property
    def headlines_entered(self) -> int:
        return sum(i.entered for i in self.headlines)

    @property
    def project_items(self) -> list[Item]:
        return [i for i in self.items if not i.headline]

    @property
    def figures_entered(self) -> int:
        return sum(i.entered for i in self.figures)

    @property
    def parts_entered(self) -> int:
        return sum(i.entered for i in self.parts)

    @property
    def overdue(self) -> list[Item]:
        """The figures still missing in projects that can still be entered."""
        return [i for i in self.items if i.open and not i.entered]

    @property
    def without_email(self) -> list[Any]:
        return [u for u in self.editors if not u.email]


def owed(
    plan_year: PlanYear, municipality: Municipality | None = None, *, secretariat: bool = False
) -> list[Owed]:
    """Every member's figures of the year, in the area's order, then the secretariat's (the
    headline KPIs no member is named for) — or only ``municipality``'s, and the secretariat's
    too when ``secretariat``.  A member with nothing to enter has no items."""
    plan, year = plan_year.plan, plan_year.fiscal_year
    area = Municipality.objects.filter(area_id=plan.area_id).order_by("order", "code")
    projects = Project.objects.filter(plan=plan)
    if municipality is not None:  # only the rows of its projects are read
        area = area.filter(pk=municipality.pk)
        projects = projects.filter(Q(lead=municipality) | Q(participants=municipality))
    out: dict[int | None, Owed] = {m.pk: Owed(m) for m in area}
    if municipality is None or secretariat:
        out[None] = Owed(None)
    project_ids = set(projects.values_list("pk", flat=True))
    states = dict(
        ProjectYear.objects.filter(project__plan=plan, fiscal_year=year).values_list(
            "project_id", "state"
        )
    )
    participants: dict[int, list[int]] = defaultdict(list)
    for project_id, municipality_id in (
        Project.participants.through.objects.filter(project_id__in=project_ids)
        .order_by("project_id", "municipality__order")
        .values_list("project_id", "municipality_id")
    ):
        participants[project_id].append(municipality_id)
    parts = {
        (c.indicator_id, c.municipality_id): c
        for c in Contribution.objects.filter(
            indicator__project_id__in=project_ids, fiscal_year=year, municipality_id__in=list(out)
        )
    }
    years = (
        IndicatorYear.objects.filter(indicator__project_id__in=project_ids, fiscal_year=year)
        .exclude(indicator__kind=Indicator.Kind.ACHIEVEMENT)
        .select_related("indicator", "indicator__project")
        .order_by("indicator__project__number", "indicator__position")
    )
    for iy in years:
        ind, project = iy.indicator, iy.indicator.project
        assert project is not None
        state = states.get(project.pk, "")
        if not ind.aggregation:
            if project.lead_id in out:
                out[project.lead_id].items.append(
                    Item(project, ind, False, iy.actual_text, iy.version, state)
                )
            continue
        for m in participants.get(project.pk, []):
            if m in out:
                c = parts.get((ind.pk, m))
                text, version = (c.text, c.version) if c else ("", 0)
                out[m].items.append(Item(project, ind, True, text, version, state))
    _headlines(plan_year, out)
    people = Membership.objects.filter(
        municipality__area_id=plan.area_id, user__is_active=True
    ).select_related("user")
    editors = people.filter(duty=Duty.EDITOR, municipality__in=[k for k in out if k])
    for membership in editors.order_by("user__username"):
        out[membership.municipality_id].editors.append(membership.user)
    if None in out:
        out[None].editors = [
            m.user for m in people.filter(duty=Duty.SECRETARIAT).order_by("user__username")
        ]
        if not out[None].items:
            del out[None]
    return list(out.values())


def _headlines(plan_year: PlanYear, out: dict[int | None, Owed]) -> None:
    """The headline KPIs of the year, each to the member the plan names, or the secretariat."""
    for iy in (
        IndicatorYear.objects.filter(
            indicator__plan=plan_year.plan,
            indicator__kind=Indicator.Kind.HEADLINE,
            fiscal_year=plan_year.fiscal_year,
        )
        .select_related("indicator")
        .order_by("indicator__position", "pk")
    ):
        o = out.get(iy.indicator.lead_id)
        if o is not None:
            o.items.append(Item(None, iy.indicator, False, iy.actual_text, iy.version, iy.state))


def parts_missing(project: Project, year: int) -> list[str]:
    """The parts of ``project``'s added-up indicators that no participant has entered yet, as
    「小樽市（交流職員数）」."""
    entered = set(
        Contribution.objects.filter(indicator__project=project, fiscal_year=year)
        .exclude(text="")
        .values_list("indicator_id", "municipality_id")
    )
    members = list(project.participants.order_by("order", "code"))
    return [
        f"{m.name}（{ind.name}）"
        for ind in project.indicators.exclude(aggregation="").order_by("position")
        for m in members
        if (ind.pk, m.pk) not in entered
    ]


# --- reminders ---------------------------------------------------------------------------


@dataclass
class Reminded:
    """What :func:`remind` did: the mails sent, and the municipalities that still owe figures
    (each with its editors; those without an e-mail address got nothing)."""

    sent: int
    owing: list[Owed]

    @property
    def without_email(self) -> list[tuple[Municipality, Any]]:
        return [(o.municipality, u) for o in self.owing if o.municipality for u in o.without_email]

    @property
    def unreached(self) -> list[Municipality]:
        """Municipalities owing figures with no editor to write to."""
        return [
            o.municipality
            for o in self.owing
            if o.municipality and not any(u.email for u in o.editors)
        ]


def remind(user: Any, plan_year: PlanYear, *, link: str = "") -> Reminded:
    """E-mail the editors of every municipality that still owes figures in projects open for
    entry — the projects it leads and its own parts — with ``link`` (the entry page) and the
    deadline in 和暦 and 西暦."""
    require(user, Action.REMIND, plan_year)
    # the secretariat reminds the members: its own headline KPIs are on its board
    owing = [o for o in owed(plan_year) if o.overdue and not o.secretariat]
    deadline = both_calendars(plan_year.deadline) if plan_year.deadline else _("期限未設定")
    subject = _("[Hyoka] %(year)s年度 実績値の入力のお願い") % {"year": plan_year.fiscal_year}
    messages = []
    for o in owing:
        to = [u.email for u in o.editors if u.email]
        if to:
            messages.append((subject, _reminder_body(plan_year, o, deadline, link), None, to))
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    return Reminded(int(sent), owing)


def _reminder_body(plan_year: PlanYear, o: Owed, deadline: str, link: str) -> str:
    lines = [
        _("%(municipality)s 入力担当者様") % {"municipality": o.name},
        "",
        _("%(year)s年度の実績値の入力をお願いします。入力期限: %(deadline)s")
        % {"year": plan_year.fiscal_year, "deadline": deadline},
        "",
    ]
    for item in o.overdue:
        if item.project is None:
            lines.append(_("基本KPI「%(name)s」") % {"name": item.indicator.name})
            continue
        what = _("%(municipality)sの値") % {"municipality": o.name}
        lines.append(
            f"事業{item.project.number} {item.project.name} — {item.indicator.name}"
            + (f"（{what}）" if item.part else "")
        )
    if link:
        lines += ["", _("入力はこちらから: %(link)s") % {"link": link}]
    return "\n".join(lines)
