"""The sizes the readers allow are the sizes the database keeps."""

from __future__ import annotations

from django.db.backends.base.operations import BaseDatabaseOperations

from hyoka.evaluation.models import PlanYear, ProjectYear
from hyoka.ingest.limits import FIELD_LIMITS, MAX_PROJECT_NUMBER
from hyoka.plans.models import Area, Indicator, Project, Role


def test_field_limits_are_the_models_max_length() -> None:
    fields = {
        "title": PlanYear._meta.get_field("title"),
        "area": Area._meta.get_field("name"),
        "role_label": Role._meta.get_field("label"),
        "role_title": Role._meta.get_field("title"),
        "project_name": Project._meta.get_field("name"),
        "indicator_name": Indicator._meta.get_field("name"),
        "value": Indicator._meta.get_field("target_text"),
        "rating_cell": ProjectYear._meta.get_field("published_text"),
    }
    assert {k: f.max_length for k, f in fields.items()} == FIELD_LIMITS
    assert Indicator._meta.get_field("baseline_text").max_length == FIELD_LIMITS["value"]


def test_the_largest_project_number_is_the_models() -> None:
    """The portable range (PostgreSQL's): SQLite would keep larger numbers."""
    internal = Project._meta.get_field("number").get_internal_type()
    assert BaseDatabaseOperations.integer_field_ranges[internal][1] == MAX_PROJECT_NUMBER
