"""Importing status lists into the database: validated first, one transaction, no duplicates."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hyoka.core.evaluate import evaluate
from hyoka.evaluation.imports import ImportRefused, ImportResult
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.evaluation.services import PlanRows, evaluate_year, status_list_of
from hyoka.ingest.statuslist_text import bundled_bytes, read_bundled, read_status_list
from hyoka.plans.models import Indicator, Municipality, Plan, Project, Role
from hyoka.publishing.imports import import_status_list
from hyoka.publishing.services import frozen_report
from hyoka.reports.builders import status_list_report

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from synthetic import generate

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    models = (Plan, Role, Project, Indicator, IndicatorYear, ProjectYear, PlanYear)
    return {m.__name__: m.objects.count() for m in models}


def test_known_area_has_twelve_municipalities() -> None:
    codes = list(Municipality.objects.values_list("code", flat=True))
    assert len(codes) == 12
    assert codes[0] == "011002"
    assert Municipality.objects.get(code="011002").is_central


def test_import_writes_the_list(imported: ImportResult) -> None:
    assert counts() == {
        "Plan": 1,
        "Role": 6,
        "Project": 40,
        "Indicator": 60,
        "IndicatorYear": 60,
        "ProjectYear": 40,
        "PlanYear": 1,
    }
    plan = Plan.objects.get()
    assert (plan.start_year, plan.end_year, plan.rubric_code) == (2019, 2023, "sapporo")
    assert plan.rubric["symbols"][0]["symbol"] == "◎"
    assert (imported.achieved, imported.rated) == (40, 47)
    a = Role.objects.get(label="A")
    assert a.parent is not None
    assert a.parent.label == "ウ"
    p14 = ProjectYear.objects.get(project__number=14)
    assert (p14.published, p14.computed) == ("○", "×")
    assert "45人" in p14.project.indicators.get(position=2).years.get().reason
    p1 = IndicatorYear.objects.get(indicator__kind=Indicator.Kind.ACHIEVEMENT)
    assert (p1.actual_text, p1.computed_actual_text, p1.computed) == ("85.1%", "85.1%", "×")
    lead = Project.objects.get(number=1).lead
    assert lead is not None
    assert lead.code == "011002"
    # 参加市町村 as the document says them: project 1 names none (its lead only), project 39
    # says 圏域内各市町村 (all twelve), project 29 names 札幌市、石狩市、当別町
    assert [m.code for m in Project.objects.get(number=1).participants.all()] == ["011002"]
    assert Project.objects.get(number=1).participation_basis == ""
    assert Project.objects.get(number=39).participants.count() == 12
    assert "「圏域内各市町村」" in Project.objects.get(number=39).participation_basis
    names = [m.name for m in Project.objects.get(number=29).participants.all()]
    assert names == ["札幌市", "石狩市", "当別町"]
    kinds = {p["kind"] for p in PlanYear.objects.get().problems}
    assert {"shifted_row", "duplicate_summary", "sign_contradiction"} <= kinds


def test_database_and_check_rate_alike(imported: ImportResult) -> None:
    """The stored ratings are exactly those of `hyoka check` on the same file."""
    doc = evaluate(read_bundled())
    stored = {
        (iy.indicator.project.number if iy.indicator.project else 0, iy.indicator.position): (
            iy.computed,
            iy.reason,
        )
        for iy in IndicatorYear.objects.select_related("indicator__project")
    }
    for rp in doc.projects:
        for i, ri in enumerate(rp.indicators, 1):
            assert stored[(rp.project.number, i)] == (ri.rating.symbol, ri.rating.reason.ja)


def test_reimport_updates_never_duplicates(imported: ImportResult) -> None:
    before = counts()
    data = bundled_bytes()
    again = import_status_list(read_status_list(data, "again"), data)
    assert counts() == before
    assert again.counts["projects unchanged"] == 40
    assert again.counts["projects created"] == again.counts["projects updated"] == 0
    assert again.changes == []


def test_reimporting_identical_data_writes_no_row_and_no_audit_record(
    imported: ImportResult,
) -> None:
    """The same list imported again (under the same name) changes nothing: no statement
    writes, no audit record is added, no edition is made."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    data = bundled_bytes()
    with CaptureQueriesContext(connection) as captured:
        again = import_status_list(read_status_list(data, "sapporo-fy2019 (bundled)"), data)
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert again.edition is None
    assert not any(again.counts[k] for k in again.counts if k.endswith(("created", "updated")))


def test_reimport_of_changed_figures_lists_changed_ratings(imported: ImportResult) -> None:
    text = bundled_bytes().decode().replace("10件程度 29人", "10件程度 45人")
    again = import_status_list(read_status_list(text.encode(), "fixed"))
    changed = {c.label: (c.before, c.after) for c in again.changes}
    assert changed["事業14 指標2"] == ("×", "◎")
    assert changed["事業14"] == ("×", "○")
    assert ProjectYear.objects.get(project__number=14).computed == "○"


def test_dry_run_writes_nothing(db: None) -> None:
    before = counts()
    data = bundled_bytes()
    result = import_status_list(read_status_list(data, "dry"), data, dry_run=True)
    assert result.dry_run
    assert (result.achieved, result.rated) == (40, 47)
    assert counts() == before


def test_duplicate_project_numbers_are_refused_and_nothing_written(db: None) -> None:
    text = bundled_bytes().decode().replace("\t17\t保育士", "\t16\t保育士")
    before = counts()
    with pytest.raises(ImportRefused, match=r"事業番号 \[16\] が複数回"):
        import_status_list(read_status_list(text.encode(), "dupes.txt"))
    assert counts() == before


def test_unknown_rubric_is_refused_before_writing(db: None) -> None:
    before = counts()
    with pytest.raises(ValueError, match="unknown rubric"):
        import_status_list(read_bundled(), rubric="nope")
    assert counts() == before


def test_override_needs_a_reason(imported: ImportResult) -> None:
    from django.db import IntegrityError, transaction

    iy = IndicatorYear.objects.filter(computed="×").first()
    assert iy is not None
    iy.override = "△"
    with pytest.raises(IntegrityError), transaction.atomic():
        iy.save()
    iy.override_reason = "3月末に研修を追加開催予定のため"
    iy.save()
    assert IndicatorYear.objects.get(pk=iy.pk).rating == "△"


def test_evaluate_year_is_idempotent(imported: ImportResult) -> None:
    plan = Plan.objects.get()
    _, changes = evaluate_year(plan, 2019)
    assert changes == []


def test_values_are_stored_as_understood(imported: ImportResult) -> None:
    iy = IndicatorYear.objects.get(indicator__project__number=23)
    assert iy.actual["qualifiers"] == ["about"]
    assert iy.number == 79600
    assert json.dumps(iy.actual, ensure_ascii=False)
    assert connection.vendor in ("sqlite", "postgresql")


def test_a_new_year_is_inserted_rated_with_one_audit_record_a_row(imported: ImportResult) -> None:
    """A year new to the database is rated before its rows are inserted: each row written
    once, with its ratings, and one audit record (the import's); a fresh evaluation then finds
    nothing to change and writes nothing."""
    rows = IndicatorYear.objects.filter(fiscal_year=2019)
    assert not rows.filter(computed="").exists()
    for model, stored in ((IndicatorYear, rows), (ProjectYear, ProjectYear.objects.all())):
        history = model.history.filter(fiscal_year=2019)
        assert history.count() == stored.count()
        reasons = set(history.values_list("history_change_reason", flat=True))
        assert len(reasons) == 1, reasons
        assert reasons.pop().startswith("取込: ")
    plan_year = PlanYear.objects.get(fiscal_year=2019)
    assert plan_year.evaluated_at is not None
    assert (plan_year.achieved, plan_year.rated) == (imported.achieved, imported.rated)
    with CaptureQueriesContext(connection) as captured:
        _, changes = evaluate_year(imported.plan, 2019)
    assert changes == []
    writes = [q["sql"] for q in captured.captured_queries]
    assert not [s for s in writes if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]


def test_the_plan_held_in_memory_reads_as_the_plan_stored(imported: ImportResult) -> None:
    """The import rates a new year from the roles, indicators and projects it holds
    (``PlanRows``, in any order): the document they make is the one read back."""
    plan = imported.plan
    stored = PlanRows.of(plan)
    held = PlanRows(
        stored.roles[::-1],
        sorted(stored.indicators, key=lambda i: -i.pk),
        stored.projects[::-1],
    )
    assert status_list_of(plan, 2019, held=held) == status_list_of(plan, 2019)


def test_the_edition_an_import_makes_is_the_year_as_stored(imported: ImportResult) -> None:
    """The edition an official list's import freezes — built from the rows the import holds
    — is the report built afresh from the stored year, field for field (the bundled list, and
    a synthetic one of 120 projects)."""
    assert imported.held is not None  # built from what the import holds
    data = generate(120, seed=3, section_size=120).encode()
    big = import_status_list(
        read_status_list(data, "synthetic-120.txt"), data, year=2024, period=(2024, 2028)
    )
    assert big.held is not None
    for result in (imported, big):
        plan_year = PlanYear.objects.get(plan=result.plan, fiscal_year=result.fiscal_year)
        edition = plan_year.editions.get()
        assert edition.data == status_list_report(plan_year).as_edition(1).to_json()
        assert frozen_report(edition) == status_list_report(plan_year).as_edition(1)
