"""The API's shapes (pydantic, via django-ninja); every field documented in OpenAPI."""

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import StringConstraints

#: a filter's string from the caller: no NUL characters (refused with 422; PostgreSQL cannot
#: compare them), documented as a pattern in the OpenAPI schema.  Texts that are stored (the
#: bodies below) pass the one gate instead (hyoka.gate, in the services): 400 naming the field.
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$")]
#: a text to store: refused by the gate (400 with ``field``) when over its column's length or
#: holding control characters (docs/security.md#texts)
Stored = str


class YearOut(Schema):
    fiscal_year: int
    status: str = Field(description="open (入力受付中), closed (締切) or published (公表済み)")
    achieved: int = Field(description="indicators rated achieved or expected (◎ ○)")
    rated: int = Field(description="indicators that could be rated")
    share: float | None = Field(description="achieved / rated (達成割合)")


class PlanOut(Schema):
    id: int
    name: str
    area: str
    start_year: int
    end_year: int
    rubric: str
    years: list[YearOut]


class RoleOut(Schema):
    label: str
    title: str
    parent: str | None


class IndicatorRef(Schema):
    id: str = Field(description="stable identifier (uuid) of the indicator across years")
    position: int
    name: str
    kind: str = Field(description="project, headline (基本KPI) or achievement (computed share)")


class ProjectOut(Schema):
    plan: int
    number: int
    name: str
    summary: str
    role: str | None
    sub_role: str | None
    lead: str | None = Field(description="全国地方公共団体コード of the lead municipality")
    participants: list[str]
    indicators: list[IndicatorRef]
    year: int | None = Field(description="the fiscal year of the ratings below")
    state: str | None = Field(description="draft, submitted, returned or approved")
    rating_published: str | None
    rating_computed: str | None
    reason: str | None
    notes: str | None


#: a page of projects (``limit``, ``offset``) and how many there are in all: the shape and name
#: ninja's pagination gives ``list[ProjectOut]`` (hyoka.api.rows.ShapedPagination)
class PagedProjectOut(Schema):
    items: list[ProjectOut]
    count: int


class ActualOut(Schema):
    fiscal_year: int
    text: str = Field(
        description="the actual as written (実績値); for the 達成割合 Hyoka computes, the share "
        "as the list prints it (85.1%)"
    )
    value: dict[str, Any] = Field(description="what was understood (see hyoka explain)")
    provisional: bool
    rating_published: str | None
    rating_computed: str | None
    override: str | None
    override_reason: str | None
    rating: str | None = Field(description="the rating in force: override, else computed")
    reason: str | None
    reason_en: str | None
    note: str | None
    version: int = Field(description="send it back with a change; a stale one is refused (409)")


class ToEnterOut(Schema):
    what: str = Field(description="actual (the indicator's actual) or part (your own part)")
    municipality: str | None = Field(description="団体コード whose part is missing, for a part")


class IndicatorOut(Schema):
    id: str
    plan: int
    project: int | None = Field(description="project number, null for a headline KPI")
    role: str | None
    position: int
    kind: str
    name: str
    baseline: str
    target: str
    aggregation: str
    actuals: list[ActualOut]
    to_enter: ToEnterOut | None = Field(
        None, description="with to_enter=true: what your municipality still has to enter"
    )


#: a page of indicators, as :class:`PagedProjectOut`
class PagedIndicatorOut(Schema):
    items: list[IndicatorOut]
    count: int


class ActualIn(Schema):
    text: Stored = Field(
        description="the actual as written, e.g. 約79,600人 or 1回（予定） or -; at most 200 "
        "characters, one line, no control characters (400 with field otherwise)"
    )
    note: Stored | None = Field(
        None, description="required when the rating becomes △ or ×; several lines allowed"
    )
    version: int | None = Field(
        None,
        description="the version you read (optimistic locking): required once the indicator has "
        "a value (400 without it, 409 when stale)",
    )
    override: Stored | None = Field(
        None, description="a rating symbol to override the computed one"
    )
    override_reason: Stored | None = Field(None, description="required with override")
    confirm_warnings: bool | list[str] = Field(
        False,
        description="the warnings you confirm for this figure (another unit than the target's, "
        "a later year, 累計 against a yearly target, a hundred times off the target, ten times "
        "off last year's): true for all, or their keys (or codes) as a 409 named them; without "
        "them such a figure is refused with 409 and its warnings",
    )


class PartIn(Schema):
    """A member's own part (市町村ごとの値) of an indicator that adds up the parts."""

    text: Stored = Field(
        description="the part as written, e.g. 12件 or 5,000/230 or -; at most 200 characters"
    )
    version: int | None = Field(
        None, description="the version of the part you read (required once it has a value)"
    )
    municipality: str | None = Field(
        None,
        description="the 団体コード whose part this is (default: your own municipality's; "
        "the secretariat may enter any member's)",
    )
    confirm_warnings: bool | list[str] = Field(
        False,
        description="the warnings of the total this part makes that you confirm (as for an "
        "actual): true, or their keys or codes",
    )


class EntryOut(Schema):
    indicator: str
    fiscal_year: int
    text: str
    value: dict[str, Any]
    rating_computed: str
    rating: str
    reason: str
    reason_en: str
    version: int
    changes: list[str] = Field(description="computed ratings that changed because of this entry")


class CommentIn(Schema):
    comment: Stored


class StateOut(Schema):
    project: int
    fiscal_year: int
    state: str
    comment: str


class AuditOut(Schema):
    when: str
    who: str
    type: str
    reason: str
    object: str
    year: int | None
    changes: list[dict[str, Any]]


class YearIn(Schema):
    fiscal_year: int = Field(
        ge=1, le=9999, description="the fiscal year to open (年度), within the plan's period"
    )
    deadline: dt.date | None = Field(
        None, description="the deadline for entering figures (入力期限)"
    )


class DeadlineIn(Schema):
    deadline: dt.date | None = Field(description="the new deadline (入力期限); null clears it")


class YearStateOut(Schema):
    plan: int
    fiscal_year: int
    status: str = Field(description="open (入力受付中), closed (締切) or published (公表済み)")
    deadline: dt.date | None
    projects: int = Field(description="projects in the year")
    submitted: int = Field(description="projects submitted, waiting for review")
    approved: int = Field(description="projects approved")
    ready_to_publish: bool = Field(description="every project approved, not yet published")
    pending: list[int] = Field(description="numbers of the projects not yet approved")


class ProjectsIn(Schema):
    projects: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(
        max_length=10_000, description="project numbers: all move, or none (409)"
    )
    note: Text = Field("", description="the reason of a return (required there); else audited")
    comment: Text | None = Field(None, description="the same as note (the single return's name)")


class HeadlineReviewIn(Schema):
    comment: Text = Field("", description="the reason of a return (required there)")


class HeadlineStateOut(Schema):
    indicator: UUID = Field(description="the headline KPI (基本KPI)")
    fiscal_year: int
    state: str
    comment: str


class PublishIn(Schema):
    note: Text = Field("", description="what the edition is; what it corrects (required then)")
    seen: Text | None = Field(
        None, description="the preview's fingerprint you checked: 409 if the list changed since"
    )


class ChangeOut(Schema):
    field: str = Field(
        description="the column that changed (its Japanese header: 実績値, 評価（公表）, …)"
    )
    before: str | None
    after: str | None


class ChangedRowOut(Schema):
    """:class:`hyoka.reports.statuslist.ChangedRow` as JSON (its ``to_json()``)."""

    project: int | None = Field(description="the project's number; null for a headline KPI")
    project_name: str
    indicator: str = Field(
        description="the indicator, or （事業全体） for a project rated with one symbol"
    )
    changes: list[ChangeOut]


class PreviewOut(Schema):
    fiscal_year: int
    correction: bool = Field(description="the year is published: this would be a corrected edition")
    against: dict[str, int] | None = Field(
        description="the edition compared with (fiscal_year, number): this year's last, or an "
        "earlier year's for a first edition; null when there is none"
    )
    fingerprint: str = Field(description="send it back as seen when publishing")
    pending: list[int] = Field(description="projects not yet approved (publishing refuses)")
    changes: list[ChangedRowOut] = Field(
        description="per indicator: what changed — the same comparison as /changes/"
    )


class ErrorOut(Schema):
    detail: str
    field: str | None = None
    current: dict[str, Any] | None = None
    #: what to choose from when the area or plan is not named and more than one fits (400)
    choices: list[str] | None = None
    #: the warnings to confirm before the figure is saved (409): key, code, message, message_en
    warnings: list[dict[str, str]] | None = None


class ValidationErrorOut(Schema):
    """422: the request does not match the schema (one entry per problem)."""

    detail: list[dict[str, Any]]


class EditionOut(Schema):
    plan: int
    fiscal_year: int
    number: int = Field(description="the edition (版): 1, 2, … — a correction is a new edition")
    published_at: str
    published_by: str | None
    note: str


class EditionDataOut(EditionOut):
    data: dict[str, Any] = Field(
        description="the status list as published (format hyoka.status-list/1, docs/open-data.md)"
    )


#: what an operation may answer besides its result, documented in the OpenAPI schema
COMMON_ERRORS: dict[int, Any] = {401: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}
READ_ERRORS: dict[int, Any] = {**COMMON_ERRORS, 404: ErrorOut}
#: a list asked without its area or plan when more than one fits: 400 with the choices
LIST_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: ErrorOut}
AUDIT_ERRORS: dict[int, Any] = {**READ_ERRORS, 403: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut}
