"""The rows of the API's read operations (:class:`~hyoka.api.schemas.IndicatorOut`,
:class:`~hyoka.api.schemas.ProjectOut`), built as plain dicts from the columns they show
(``values_list``: no model instances), and the pages of a list operation answered with them as
they are — rendered once, not validated again by ninja (``tests/api/test_rows_schema.py``
checks the answers against the declared schema, so the two cannot drift)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, overload

from django.db.models import FilteredRelation, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja.pagination import LimitOffsetPagination
from ninja.renderers import JSONRenderer

from hyoka.evaluation.models import IndicatorYear, ProjectYear
from hyoka.plans.models import Indicator, Project

#: the furthest row a page may start at: past it an offset means nothing (and no database
#: takes a number of 10,000 digits)
LAST_ROW = 2**62

Row = dict[str, Any]
NONE: Mapping[Any, Any] = MappingProxyType({})

# --- indicators ------------------------------------------------------------------------------

#: an indicator's columns as :func:`indicator_rows` reads them (the order of ``_indicator``)
INDICATOR_COLUMNS = (
    "pk",
    "uid",
    "plan_id",
    "project__number",
    "role__label",
    "position",
    "kind",
    "name",
    "baseline_text",
    "target_text",
    "aggregation",
)

#: a year's columns as :func:`indicator_rows` reads them (the order of ``_actual``)
YEAR_COLUMNS = (
    "indicator_id",
    "fiscal_year",
    "actual_text",
    "computed_actual_text",
    "actual",
    "provisional",
    "published",
    "computed",
    "override",
    "override_reason",
    "reason",
    "reason_en",
    "note",
    "version",
)


def _actual(y: tuple[Any, ...]) -> Row:
    (_, year, text, computed_text, value, provisional, published, computed, override) = y[:9]
    override_reason, reason, reason_en, note, version = y[9:]
    return {
        "fiscal_year": year,
        "text": IndicatorYear.printed(text, computed_text),
        "value": value,
        "provisional": provisional,
        "rating_published": published or None,
        "rating_computed": computed or None,
        "override": override or None,
        "override_reason": override_reason or None,
        "rating": IndicatorYear.in_force(override, computed) or None,
        "reason": reason or None,
        "reason_en": reason_en or None,
        "note": note or None,
        "version": version,
    }


def _indicator(i: tuple[Any, ...], actuals: list[Row]) -> Row:
    _, uid, plan, project, role, position, kind, name, baseline, target, aggregation = i
    return {
        "id": str(uid),
        "plan": plan,
        "project": project,
        "role": role,
        "position": position,
        "kind": kind,
        "name": name,
        "baseline": baseline,
        "target": target,
        "aggregation": aggregation,
        "actuals": actuals,
        "to_enter": None,
    }


def indicator_rows(
    indicators: QuerySet[Indicator], years: Collection[int], extra: Mapping[int, Row] = NONE
) -> list[Row]:
    """The rows (:class:`~hyoka.api.schemas.IndicatorOut`) of ``indicators``, in their order,
    each with its actuals of ``years`` (oldest first) and what ``extra`` adds to it (by the
    indicator's id): two queries, or one for one year (its row joined to each indicator's)."""
    if len(years) == 1:
        found, actuals = _with_the_year(indicators, next(iter(years)))
    else:
        found = list(indicators.values_list(*INDICATOR_COLUMNS))
        actuals = {i[0]: [] for i in found}
        if found and years:
            rows = IndicatorYear.objects.filter(indicator_id__in=actuals, fiscal_year__in=years)
            for y in rows.order_by("indicator_id", "fiscal_year").values_list(*YEAR_COLUMNS):
                actuals[y[0]].append(_actual(y))
    out = [_indicator(i, actuals[i[0]]) for i in found]
    if extra:
        for i, row in zip(found, out, strict=True):
            row.update(extra.get(i[0], NONE))
    return out


def _with_the_year(
    indicators: QuerySet[Indicator], year: int
) -> tuple[list[tuple[Any, ...]], dict[int, list[Row]]]:
    """The indicators' columns and each one's actual of ``year`` (none when it has no row):
    one query, the year's row joined to each indicator."""
    joined = indicators.annotate(
        the_year=FilteredRelation("years", condition=Q(years__fiscal_year=year))
    )
    columns = [
        "the_year__indicator" if c == "indicator_id" else f"the_year__{c}" for c in YEAR_COLUMNS
    ]
    n = len(INDICATOR_COLUMNS)
    found, actuals = [], {}
    for row in joined.values_list(*INDICATOR_COLUMNS, *columns):
        found.append(row[:n])
        actuals[row[0]] = [_actual(row[n:])] if row[n] is not None else []
    return found, actuals


# --- projects --------------------------------------------------------------------------------

#: a project's columns as :func:`project_rows` reads them
PROJECT_COLUMNS = (
    "pk",
    "plan_id",
    "number",
    "name",
    "summary",
    "role__label",
    "sub_role__label",
    "lead__code",
)

#: a project year's columns as :func:`project_rows` reads them
PROJECT_YEAR_COLUMNS = ("project_id", "state", "published", "computed", "reason", "notes")


def _grouped(pairs: Iterable[tuple[int, Any]], keys: Iterable[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {k: [] for k in keys}
    for key, value in pairs:
        out[key].append(value)
    return out


def project_rows(projects: QuerySet[Project], year: int | None) -> list[Row]:
    """The rows (:class:`~hyoka.api.schemas.ProjectOut`) of ``projects``, in their order, with
    the ratings of ``year``: four queries (the projects, participants, indicators, years)."""
    found = list(projects.values_list(*PROJECT_COLUMNS))
    if not found:
        return []
    ids = [p[0] for p in found]
    through = Project.participants.through.objects.filter(project_id__in=ids)
    participants = _grouped(
        through.order_by("municipality__order", "municipality__code").values_list(
            "project_id", "municipality__code"
        ),
        ids,
    )
    listed = Indicator.objects.filter(project_id__in=ids).order_by("position")
    indicators = _grouped(
        (
            (p, {"id": str(uid), "position": position, "name": name, "kind": kind})
            for p, uid, position, name, kind in listed.values_list(
                "project_id", "uid", "position", "name", "kind"
            )
        ),
        ids,
    )
    shown = ProjectYear.objects.filter(project_id__in=ids, fiscal_year=year)
    years = {y[0]: y for y in shown.values_list(*PROJECT_YEAR_COLUMNS)}
    return [_project(p, year, participants, indicators, years.get(p[0])) for p in found]


def _project(
    p: tuple[Any, ...],
    year: int | None,
    participants: dict[int, list[str]],
    indicators: dict[int, list[Row]],
    y: tuple[Any, ...] | None,
) -> Row:
    pk, plan, number, name, summary, role, sub_role, lead = p
    return {
        "plan": plan,
        "number": number,
        "name": name,
        "summary": summary,
        "role": role,
        "sub_role": sub_role,
        "lead": lead,
        "participants": participants[pk],
        "indicators": indicators[pk],
        "year": year,
        "state": y[1] if y else None,
        "rating_published": (y[2] or None) if y else None,
        "rating_computed": (y[3] or None) if y else None,
        "reason": y[4] if y else None,
        "notes": y[5] if y else None,
    }


# --- pages -----------------------------------------------------------------------------------


class Paged(Sequence[Row]):
    """The rows of a list operation, built only for the page asked for: the pagination counts
    (``len``: one ``COUNT`` in the database) and slices (the database returns the page's rows,
    ``rows`` builds them with their years), so ``limit=10`` reads ten rows, not the plan."""

    def __init__(self, qs: QuerySet[Any], rows: Callable[[QuerySet[Any]], list[Row]]) -> None:
        self.qs, self.rows = qs, rows

    def __len__(self) -> int:
        return self.qs.count()

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            if (index.start or 0) > LAST_ROW or (index.stop or 0) > LAST_ROW + 1:
                index = slice(min(index.start or 0, LAST_ROW), min(index.stop or 0, LAST_ROW + 1))
            return self.rows(self.qs[index])
        return self.rows(self.qs[index : index + 1])[0]


class ShapedPagination(LimitOffsetPagination):
    """ninja's ``limit`` and ``offset`` (the same parameters), answering with the page of
    :class:`Paged` rows as they are built: ``{"items": [...], "count": n}`` rendered by the
    API's renderer, not validated again.  The operation declares the page's schema itself
    (``Paged…Out``), as ninja would name it."""

    Output = None  # type: ignore[assignment]  # the page is the operation's own response

    def paginate_queryset(
        self,
        queryset: Paged,
        pagination: LimitOffsetPagination.Input,
        request: HttpRequest,
        **params: Any,
    ) -> HttpResponse:
        offset = pagination.offset
        limit: int = min(pagination.limit, self.max_limit)
        page = {"items": queryset[offset : offset + limit], "count": len(queryset)}
        return render(request, page)


class JapaneseJSON(JSONRenderer):
    """UTF-8 as it is (not \\u escapes): the data is Japanese."""

    json_dumps_params = {"ensure_ascii": False}


#: the API's renderer (``NinjaAPI(renderer=…)``)
RENDERER = JapaneseJSON()


def render(request: HttpRequest, data: Any) -> HttpResponse:
    """``data`` as the API renders a 200 answer (its renderer, its content type)."""
    content = RENDERER.render(request, data, response_status=200)
    return HttpResponse(content, content_type=f"{RENDERER.media_type}; charset={RENDERER.charset}")
