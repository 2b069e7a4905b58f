"""/api/v1/: read plans, roles, projects, indicators with their yearly actuals and ratings,
the audit trail; write actuals and move projects through the cycle — with the same rules
as the web, because both call :mod:`hyoka.workflow.services` and
:mod:`hyoka.workflow.cycle`."""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.pagination import paginate

from hyoka.api.auth import OptionalUser
from hyoka.api.cycle import edition_row, router, to_enter_of
from hyoka.api.rows import RENDERER, Paged, ShapedPagination, indicator_rows, project_rows
from hyoka.api.schemas import (
    AUDIT_ERRORS,
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ActualIn,
    AuditOut,
    CommentIn,
    EditionDataOut,
    EditionOut,
    EntryOut,
    IndicatorOut,
    PagedIndicatorOut,
    PagedProjectOut,
    PlanOut,
    ProjectOut,
    RoleOut,
    StateOut,
    Text,
)
from hyoka.core.i18n import use_language
from hyoka.evaluation import lookup, queries, versions
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator, Plan, Project
from hyoka.publishing.models import Edition
from hyoka.publishing.services import frozen_report
from hyoka.workflow import audit, entering, services, slips
from hyoka.workflow.cycle import Action, can

T = TypeVar("T")


class HyokaAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """The token is optional (without it: published data only), which OpenAPI spells as an
        empty alternative in each operation's ``security``."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if operation.get("security") and {} not in operation["security"]:
                    operation["security"].append({})
        return schema


api = HyokaAPI(
    title="Hyoka API",
    version="1",
    description=(
        "Status lists of Japanese regional plans: plans, roles, projects, indicators with "
        "their yearly actuals and ratings (computed with the reason, published, overridden). "
        "Send `Authorization: Bearer <token>` (`hyoka user token NAME`); without it only "
        "published years are visible. Writes follow the same rules as the web."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/schema",
    auth=OptionalUser(),
    renderer=RENDERER,
)


api.add_router("", router)


@api.exception_handler(services.WorkflowError)
def workflow_error(request: HttpRequest, exc: services.WorkflowError) -> Any:
    body: dict[str, Any] = {"detail": exc.message, "field": exc.field}
    if isinstance(exc, services.Conflict):
        body["current"] = exc.current
    if isinstance(exc, slips.SlipsToConfirm):
        body["warnings"] = [s.to_dict() for s in exc.slips]
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(lookup.LookupProblem)
def lookup_problem(request: HttpRequest, exc: lookup.LookupProblem) -> Any:
    """No such area or plan (404), or more than one fits (400, with the choices)."""
    status = 400 if isinstance(exc, lookup.Ambiguous) else 404
    return api.create_response(
        request, {"detail": exc.message, "choices": exc.choices}, status=status
    )


def anonymous_reads_kept(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Keep (:data:`hyoka.evaluation.queries.KEPT`) the 200 answers of a read operation to
    anonymous callers (no ``Authorization`` header, no signed-in session: they see published
    years only, all alike), keyed on the path, the query string and
    :func:`hyoka.evaluation.queries.data_version`; any write to the data makes a new key.
    An answer about one plan (:func:`_plan_for`) is keyed on that plan's version and the
    index's (:data:`hyoka.evaluation.versions.INDEX`, which the plan a query resolves to
    depends on), so a write to another plan leaves it kept; the plan a query resolved to is
    kept too, per index version (one query, the versions, on a hit).
    For operations that read only :data:`hyoka.evaluation.queries.VERSIONED_MODELS`.  Wraps
    ninja's whole operation (``decorate_view``), so a kept answer skips parsing, the queries
    and validation."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if (
            request.method != "GET"
            or "Authorization" in request.headers
            or request.user.is_authenticated
        ):
            return run(request, *args, **kwargs)
        found = versions.versions()
        if found is None:  # nothing is kept on this database
            return run(request, *args, **kwargs)
        setattr(request, INDEX_READ, found.get(versions.INDEX, 0))  # read once (_by_index)
        asked = (request.path, sorted(request.GET.lists()))
        resolved = _kept_name("api-plan", (asked, found.get(versions.INDEX, 0)))
        plan_id = queries.KEPT.get(resolved)
        name = _answer_name(asked, found, plan_id)
        if (kept := queries.KEPT.get(name)) is not None:
            return HttpResponse(kept[0], content_type=kept[1])
        response = run(request, *args, **kwargs)
        if response.status_code == 200 and isinstance(response, HttpResponse):
            plan_id = getattr(request, PLAN_READ, None)
            if plan_id is not None:  # the answer of one plan: kept under its own version
                queries.KEPT.set(resolved, plan_id)
                name = _answer_name(asked, found, plan_id)
            queries.KEPT.set(name, (response.content, response["Content-Type"]))
        return response

    return wrapper


#: the attribute of a request that names the one plan its answer was read from
PLAN_READ = "hyoka_plan_read"


def _kept_name(scope: str, key: Any) -> str:
    return f"hyoka:{scope}:" + hashlib.sha256(repr(key).encode()).hexdigest()


def _answer_name(asked: Any, found: dict[int, int], plan_id: int | None) -> str:
    """The name of a kept answer: under its plan's version and the index's, or (the plan not
    known) under every plan's."""
    if plan_id is None:
        return _kept_name("api", (asked, sorted(found.items())))
    return _kept_name("api", (asked, plan_id, found.get(plan_id, 0), found.get(versions.INDEX, 0)))


def _drafts(request: HttpRequest, area_id: int) -> bool:
    return can(request.user, Action.VIEW_DRAFT, area_id=area_id)


#: the attribute of a request that holds the index's data version read for it
INDEX_READ = "hyoka_index_version"


def _by_index(request: HttpRequest, scope: str, key: Any, compute: Callable[[], T]) -> T:
    """``compute()``, kept (:data:`hyoka.evaluation.queries.KEPT`) under ``key`` and the
    version of the index (:data:`hyoka.evaluation.versions.INDEX`: which areas, plans and
    years there are, and the years' states), read once for the request — for what depends on
    nothing else: which plan a query names, the years of a plan one may see.  Where versions
    are not kept (SQLite), computed each time."""
    if not hasattr(request, INDEX_READ):
        found = versions.versions(versions.INDEX)
        setattr(request, INDEX_READ, None if found is None else found.get(versions.INDEX, 0))
    version = getattr(request, INDEX_READ)
    if version is None:
        return compute()
    name = _kept_name(scope, (key, version))
    kept: T | None = queries.KEPT.get(name)
    if kept is None:
        kept = compute()
        queries.KEPT.set(name, kept)
    return kept


def _visible_years(request: HttpRequest, plan: Plan) -> set[int]:
    drafts = _drafts(request, plan.area_id)

    def read() -> set[int]:
        years = PlanYear.objects.filter(plan=plan)
        if not drafts:
            years = years.filter(status=PlanYear.Status.PUBLISHED)
        return set(years.values_list("fiscal_year", flat=True))

    return _by_index(request, "api-years", (plan.pk, drafts), read)


def _year_or_404(
    request: HttpRequest, plan: Plan, year: int, visible: set[int] | None = None
) -> int:
    """``year`` when ``request`` may see it (``visible``: the years it may see, when known)."""
    if year not in (_visible_years(request, plan) if visible is None else visible):
        raise HttpError(404, f"no visible fiscal year {year} in plan {plan.pk}")
    return year


@api.get("/plans", response={200: list[PlanOut], **LIST_ERRORS}, tags=["read"])
@decorate_view(anonymous_reads_kept)
def plans(request: HttpRequest, area: Text | None = None) -> list[dict[str, Any]]:
    """Every plan, or those of ``area`` (its name or slug)."""
    out = []
    qs = Plan.objects.select_related("area").order_by("pk")
    if area:
        with use_language(get_language()):
            qs = qs.filter(area=lookup.area(area))
    for plan in qs:
        visible = _visible_years(request, plan)
        out.append(
            {
                "id": plan.pk,
                "name": plan.name,
                "area": plan.area.name,
                "start_year": plan.start_year,
                "end_year": plan.end_year,
                "rubric": plan.rubric_code,
                "years": [
                    {
                        "fiscal_year": plan_year.fiscal_year,
                        "status": plan_year.status,
                        "achieved": plan_year.achieved,
                        "rated": plan_year.rated,
                        "share": plan_year.share,
                    }
                    for plan_year in plan.years.order_by("fiscal_year")
                    if plan_year.fiscal_year in visible
                ],
            }
        )
    return out


@api.get("/plans/{plan_id}/roles", response={200: list[RoleOut], **READ_ERRORS}, tags=["read"])
def roles(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = get_object_or_404(Plan, pk=plan_id)
    return [
        {"label": r.label, "title": r.title, "parent": r.parent.label if r.parent else None}
        for r in plan.roles.select_related("parent").order_by("order", "pk")
    ]


class ProjectFilters(Schema):
    plan: int | None = None
    #: the area's name or slug: needed without ``plan`` when the database holds several
    area: Text | None = None
    year: int | None = None
    role: Text | None = None
    rating: Text | None = None
    municipality: Text | None = None
    #: the older name of ``municipality``
    organisation: Text | None = None

    @property
    def municipality_code(self) -> str | None:
        return self.municipality or self.organisation


def _plan_for(
    request: HttpRequest, plan_id: int | None, area: str | None, year: int | None
) -> Plan:
    """The plan ``plan_id`` (of ``area`` when given), or the area's plan that has ``year``, or
    its latest (:func:`hyoka.evaluation.lookup.plan`); several areas and none given: 400.
    Which plan it is is kept per version of the index; the plan returned then holds its id
    and area only (the rest is read when asked for)."""

    def find() -> tuple[int, int]:
        with use_language(get_language()):
            plan = lookup.plan(plan_id, area=area, fiscal_year=None if plan_id else year)
        return plan.pk, plan.area_id

    pk, area_id = _by_index(request, "api-plan-of", (plan_id, area, year, get_language()), find)
    setattr(request, PLAN_READ, pk)  # the answer is of this plan (its kept key)
    return Plan.from_db(DEFAULT_DB_ALIAS, ["id", "area_id"], (pk, area_id))


@api.get("/projects", response={200: PagedProjectOut, **LIST_ERRORS}, tags=["read"])
@decorate_view(anonymous_reads_kept)
@paginate(ShapedPagination)
def projects(request: HttpRequest, filters: Query[ProjectFilters]) -> Paged:
    """Projects of a plan (the latest by default), with the ratings of ``year`` (the latest
    visible by default); filter by role label, computed rating, municipality code (``municipality``;
    ``organisation`` is its older name)."""
    plan = _plan_for(request, filters.plan, filters.area, filters.year)
    visible = _visible_years(request, plan)
    year = (
        _year_or_404(request, plan, filters.year, visible)
        if filters.year
        else max(visible, default=None)
    )
    qs: QuerySet[Project] = Project.objects.filter(plan=plan).order_by("number")
    if filters.role:
        qs = qs.filter(Q(role__label=filters.role) | Q(sub_role__label=filters.role))
    code = filters.municipality_code
    if code:
        qs = qs.filter(Q(lead__code=code) | Q(participants__code=code)).distinct()
    if filters.rating:
        qs = qs.filter(
            Q(years__fiscal_year=year, years__computed=filters.rating)
            | Q(indicators__years__fiscal_year=year, indicators__years__computed=filters.rating)
        ).distinct()
    return Paged(qs, lambda page: project_rows(page, year))


@api.get(
    "/plans/{plan_id}/projects/{number}", response={200: ProjectOut, **READ_ERRORS}, tags=["read"]
)
def project(request: HttpRequest, plan_id: int, number: int, year: int | None = None) -> Any:
    plan = get_object_or_404(Plan, pk=plan_id)
    p = get_object_or_404(Project.objects.only("pk"), plan=plan, number=number)
    visible = _visible_years(request, plan)
    y = _year_or_404(request, plan, year, visible) if year else max(visible, default=None)
    return project_rows(Project.objects.filter(pk=p.pk), y)[0]


class IndicatorFilters(Schema):
    plan: int | None = None
    #: the area's name or slug: needed without ``plan`` when the database holds several
    area: Text | None = None
    year: int | None = None
    project: int | None = None
    role: Text | None = None
    rating: Text | None = None
    #: only what the caller's municipality still has to enter (the actuals of the projects it
    #: leads, its own parts of added-up indicators) in ``year`` (the latest open by default)
    to_enter: bool = False


@api.get("/indicators", response={200: PagedIndicatorOut, **LIST_ERRORS}, tags=["read"])
@decorate_view(anonymous_reads_kept)
@paginate(ShapedPagination)
def indicators(request: HttpRequest, filters: Query[IndicatorFilters]) -> Paged:
    """Indicators with their yearly actuals and ratings (all visible years, or ``year``)."""
    plan = _plan_for(request, filters.plan, filters.area, filters.year)
    visible = _visible_years(request, plan)
    if filters.year:
        _year_or_404(request, plan, filters.year, visible)
    shown = [filters.year] if filters.year else sorted(visible)
    qs = Indicator.objects.filter(plan=plan).order_by("project__number", "position", "pk")
    if filters.project is not None:
        qs = qs.filter(project__number=filters.project)
    if filters.role:
        qs = qs.filter(
            Q(role__label=filters.role)
            | Q(project__role__label=filters.role)
            | Q(project__sub_role__label=filters.role)
        )
    if filters.rating:
        years = [filters.year] if filters.year else sorted(visible)
        qs = qs.filter(years__fiscal_year__in=years, years__computed=filters.rating).distinct()
    if filters.to_enter:
        todo = to_enter_of(request, plan, filters.year)
        qs = qs.filter(pk__in=list(todo))
        return Paged(qs, lambda page: indicator_rows(page, shown, todo))
    return Paged(qs, lambda page: indicator_rows(page, shown))


def _indicator(uid: UUID) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("plan"), uid=uid)


@api.get("/indicators/{indicator_id}", response={200: IndicatorOut, **READ_ERRORS}, tags=["read"])
def indicator(request: HttpRequest, indicator_id: UUID) -> Any:
    ind = _indicator(indicator_id)
    visible = sorted(_visible_years(request, ind.plan))
    return indicator_rows(Indicator.objects.filter(pk=ind.pk), visible)[0]


@api.get(
    "/indicators/{indicator_id}/audit",
    response={200: list[AuditOut], **AUDIT_ERRORS},
    tags=["read"],
)
def indicator_audit(request: HttpRequest, indicator_id: UUID) -> list[dict[str, Any]]:
    ind = _indicator(indicator_id)
    if not can(request.user, Action.VIEW_AUDIT, area_id=ind.plan.area_id):
        raise HttpError(403, "the audit trail is for members of the area")
    return [_audit_row(e) for e in audit.indicator_trail(ind)]


@api.get(
    "/plans/{plan_id}/projects/{number}/audit",
    response={200: list[AuditOut], **AUDIT_ERRORS},
    tags=["read"],
)
def project_audit(request: HttpRequest, plan_id: int, number: int) -> list[dict[str, Any]]:
    p = _project(plan_id, number)
    if not can(request.user, Action.VIEW_AUDIT, project=p):
        raise HttpError(403, "the audit trail is for members of the area")
    return [_audit_row(e) for e in audit.project_trail(p)]


def _project(plan_id: int, number: int) -> Project:
    # the plan first: a lookup by pk copes with ids out of the database's range (404), one
    # through the foreign key (plan_id=…) does not (OverflowError, 500)
    plan = get_object_or_404(Plan, pk=plan_id)
    return get_object_or_404(Project.objects.select_related("plan"), plan=plan, number=number)


def _audit_row(e: dict[str, Any]) -> dict[str, Any]:
    changes = [{k: (None if v is None else str(v)) for k, v in c.items()} for c in e["changes"]]
    return e | {"when": e["when"].isoformat(), "changes": changes}


@api.put(
    "/indicators/{indicator_id}/actuals/{fiscal_year}",
    response={200: EntryOut, **WRITE_ERRORS},
    tags=["write"],
)
def put_actual(request: HttpRequest, indicator_id: UUID, fiscal_year: int, body: ActualIn) -> Any:
    """Enter an actual as written; returns how it was understood and the computed rating with
    its reason. 403 outside your rights, 409 with the current value when ``version`` is stale,
    409 with ``warnings`` when the figure has warnings not confirmed (``confirm_warnings``),
    400 with the field when the text cannot be understood where a number is needed."""
    year_open = IndicatorYear.objects.filter(indicator=OuterRef("pk"), fiscal_year=fiscal_year)
    ind = get_object_or_404(
        Indicator.objects.select_related("plan", "project").annotate(open=Exists(year_open)),
        uid=indicator_id,
    )  # the indicator and whether its year is open: one query
    if not ind.open:
        raise HttpError(404, f"fiscal year {fiscal_year} is not open for this indicator")
    result = entering.enter_actual(
        request.user,
        ind,
        fiscal_year,
        body.text,
        version=body.version,
        note=body.note,
        override=body.override,
        override_reason=body.override_reason,
        confirmed=body.confirm_warnings,
        via="（API）",
    )
    return result.to_dict()


def _project_year(plan_id: int, number: int, year: int) -> Project:
    p = _project(plan_id, number)
    get_object_or_404(ProjectYear, project=p, fiscal_year=year)
    return p


def _state(project_year: ProjectYear) -> dict[str, Any]:
    return {
        "project": project_year.project.number,
        "fiscal_year": project_year.fiscal_year,
        "state": project_year.state,
        "comment": project_year.comment,
    }


@api.post(
    "/plans/{plan_id}/projects/{number}/years/{year}/submit",
    response={200: StateOut, **WRITE_ERRORS},
    tags=["write"],
)
def submit(request: HttpRequest, plan_id: int, number: int, year: int) -> Any:
    return _state(services.submit(request.user, _project_year(plan_id, number, year), year))


@api.post(
    "/plans/{plan_id}/projects/{number}/years/{year}/return",
    response={200: StateOut, **WRITE_ERRORS},
    tags=["write"],
)
def return_project(
    request: HttpRequest, plan_id: int, number: int, year: int, body: CommentIn
) -> Any:
    p = _project_year(plan_id, number, year)
    return _state(services.return_project(request.user, p, year, body.comment))


@api.post(
    "/plans/{plan_id}/projects/{number}/years/{year}/approve",
    response={200: StateOut, **WRITE_ERRORS},
    tags=["write"],
)
def approve(request: HttpRequest, plan_id: int, number: int, year: int) -> Any:
    return _state(services.approve(request.user, _project_year(plan_id, number, year), year))


@api.get("/editions", response={200: list[EditionOut], **LIST_ERRORS}, tags=["read"])
def editions(
    request: HttpRequest, plan: int | None = None, area: Text | None = None
) -> list[dict[str, Any]]:
    """Published editions (公表版): frozen, numbered; newest year first, then by number;
    those of ``plan`` or ``area`` (name or slug) when given."""
    qs = Edition.objects.select_related("plan_year", "published_by").order_by(
        "-plan_year__fiscal_year", "plan_year__plan_id", "number"
    )
    if plan is not None:
        qs = qs.filter(plan_year__plan=get_object_or_404(Plan, pk=plan))  # see _project
    if area:
        with use_language(get_language()):
            qs = qs.filter(plan_year__plan__area=lookup.area(area))
    return [edition_row(e) for e in qs]


@api.get(
    "/plans/{plan_id}/editions/{fiscal_year}/{number}",
    response={200: EditionDataOut, **READ_ERRORS},
    tags=["read"],
)
def edition(request: HttpRequest, plan_id: int, fiscal_year: int, number: int) -> Any:
    """One edition with the status list exactly as it was published (in the names of
    docs/open-data.md; a field added since it was frozen is there, empty)."""
    plan = get_object_or_404(Plan, pk=plan_id)  # see _project: ids out of range are 404
    found = (
        Edition.objects.select_related("plan_year", "published_by")
        .filter(plan_year__plan=plan, plan_year__fiscal_year=fiscal_year, number=number)
        .first()
    )
    if found is None:
        raise HttpError(404, f"no edition {number} of {fiscal_year} in plan {plan_id}")
    # the one serialisation of the list (docs/open-data.md): an edition frozen before a field
    # was added shows it with its default
    return edition_row(found) | {"data": frozen_report(found).to_json()}
