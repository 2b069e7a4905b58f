"""The yearly cycle through the services: open → enter → submit → return → fix → approve →
locked; contributions; conflicts; notes and overrides; the board, reminders, the audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import DatabaseError, connection, transaction

from hyoka.evaluation.models import Contribution, IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Indicator, Municipality, Plan, Project
from hyoka.workflow import audit, entering, services

pytestmark = pytest.mark.django_db


def iy(project: int, position: int, year: int = 2020) -> IndicatorYear:
    return IndicatorYear.objects.select_related("indicator").get(
        indicator__project__number=project, indicator__position=position, fiscal_year=year
    )


def test_open_year_carries_over_and_prefills(users: dict[str, Any], fy2020: PlanYear) -> None:
    assert fy2020.status == PlanYear.Status.OPEN
    row = iy(23, 1)
    assert (row.actual_text, row.prefill_text) == ("", "約79,600人")
    assert ProjectYear.objects.filter(fiscal_year=2020, state="draft").count() == 40
    with pytest.raises(services.WorkflowError, match="すでに"):
        services.open_year(users["secretariat-own"], fy2020.plan, 2020)


def test_full_cycle(users: dict[str, Any], fy2020: PlanYear) -> None:
    editor, secretariat = users["editor-own"], users["secretariat-own"]
    project = Project.objects.get(number=14)
    first, second = project.indicators.order_by("position")
    r = entering.enter_actual(editor, first, 2020, "10件", version=0)
    assert (r.rating, r.value.number) == ("◎", 10)
    assert "10件/年度" in r.reason
    # a × needs a note
    with pytest.raises(services.WorkflowError, match="説明") as exc:
        entering.enter_actual(editor, second, 2020, "30人", version=iy(14, 2).version)
    assert exc.value.field == "note"
    assert iy(14, 2).actual_text == ""  # nothing written
    entering.enter_actual(
        editor, second, 2020, "30人", version=iy(14, 2).version, note="参加大学が減ったため"
    )
    entering.enter_notes(editor, project, 2020, "成果発表会を開催", version=0)
    submitted = services.submit(editor, project, 2020)
    assert submitted.state == "submitted"
    with pytest.raises(services.WorkflowError, match="提出済み"):
        entering.enter_actual(editor, second, 2020, "31人", version=iy(14, 2).version)
    returned = services.return_project(
        secretariat, project, 2020, "参加者数の内訳を確認してください"
    )
    assert (returned.state, returned.comment) == ("returned", "参加者数の内訳を確認してください")
    entering.enter_actual(
        editor, second, 2020, "45人（見込）", version=iy(14, 2).version, note="3月に追加開催"
    )
    services.submit(editor, project, 2020)
    approved = services.approve(secretariat, project, 2020)
    assert approved.state == "approved"
    assert ProjectYear.objects.get(project=project, fiscal_year=2020).computed == "○"
    # locked, except replacing the forecast with the confirmed figure after 決算
    with pytest.raises(services.WorkflowError, match="承認済み"):
        entering.enter_actual(editor, first, 2020, "11件", version=iy(14, 1).version)
    confirmed = entering.enter_actual(
        editor, second, 2020, "44人", version=iy(14, 2).version, note="確定値"
    )
    assert confirmed.rating == "×"
    assert any(
        c.label == "事業14 指標2" and (c.before, c.after) == ("○", "×") for c in confirmed.changes
    )
    # the audit trail names everyone, with before and after
    trail = audit.project_trail(project)
    people = {e["who"] for e in trail}
    assert {"editor-sapporo", "secretariat-sapporo"} <= people
    change = next(e for e in trail if e["reason"] == "決算後の確定値に置き換え")
    assert {"field": "実績値", "before": "45人（見込）", "after": "44人"} in change["changes"]


def test_conflict_shows_the_newer_value(users: dict[str, Any], fy2020: PlanYear) -> None:
    ind = Project.objects.get(number=4).indicators.get()
    opened = iy(4, 1).version
    entering.enter_actual(users["editor-own"], ind, 2020, "15件", version=opened)
    with pytest.raises(services.Conflict, match="15件") as exc:
        entering.enter_actual(users["secretariat-own"], ind, 2020, "16件", version=opened)
    assert exc.value.current["text"] == "15件"
    assert iy(4, 1).actual_text == "15件"


def test_override_needs_a_reason(users: dict[str, Any], fy2020: PlanYear) -> None:
    ind = Project.objects.get(number=4).indicators.get()
    with pytest.raises(services.WorkflowError, match="理由"):
        entering.enter_actual(users["editor-own"], ind, 2020, "14件", version=None, override="○")
    r = entering.enter_actual(
        users["editor-own"],
        ind,
        2020,
        "14件",
        version=None,
        note="1件は3月交付",
        override="○",
        override_reason="3月末に1件交付決定済み",
    )
    assert (r.rating, r.indicator_year.rating) == ("×", "○")


def test_unreadable_text_is_refused_where_a_number_is_expected(
    users: dict[str, Any], fy2020: PlanYear
) -> None:
    ind = Project.objects.get(number=4).indicators.get()
    with pytest.raises(services.WorkflowError, match="数値として読めません") as exc:
        entering.enter_actual(users["editor-own"], ind, 2020, "たくさん", version=None)
    assert exc.value.field == "text"


def test_contributions_add_up(users: dict[str, Any], fy2020: PlanYear) -> None:
    ind = Project.objects.get(number=7).indicators.get(position=1)  # 商談会の商談件数 60件/年度
    # project 7 names 札幌市 and 小樽市 (連携事業実施状況等「…小樽市の企業が出展」)
    Indicator.objects.filter(pk=ind.pk).update(aggregation="sum")
    ind.refresh_from_db()
    sapporo = Municipality.objects.get(code="011002")
    otaru = Municipality.objects.get(code="012033")
    entering.enter_contribution(users["editor-own"], ind, 2020, sapporo, "50件", version=None)
    r = entering.enter_contribution(users["editor-other"], ind, 2020, otaru, "30件", version=None)
    assert r.indicator_year.actual_text == "80件"
    assert r.rating == "◎"
    with pytest.raises(services.Forbidden, match="小樽市"):
        entering.enter_contribution(users["editor-own"], ind, 2020, otaru, "1件", version=None)
    with pytest.raises(services.WorkflowError, match="市町村ごと"):
        entering.enter_actual(users["editor-own"], ind, 2020, "1件", version=None)
    r = entering.enter_contribution(
        users["editor-other"],
        ind,
        2020,
        otaru,
        "5件（見込）",
        version=Contribution.objects.get(municipality=otaru).version,
    )
    assert r.indicator_year.actual_text == "55件（見込）"
    assert r.rating == "△"


def test_board_and_reminders(users: dict[str, Any], fy2020: PlanYear) -> None:
    ind = Project.objects.get(number=4).indicators.get()
    entering.enter_actual(users["editor-own"], ind, 2020, "15件", version=None)
    board = {r["project"].number: r for r in services.progress_board(fy2020)}
    assert (board[4]["entered"], board[4]["missing"]) == (1, 0)
    assert (board[2]["entered"], board[2]["missing"]) == (0, 2)
    done = services.remind(users["secretariat-own"], fy2020)
    assert done.sent == 1  # the 札幌市 editor (every project is led by 札幌市)
    assert [o.municipality.code for o in done.owing] == ["011002"]
    assert mail.outbox[0].to == ["editor@sapporo.test"]
    assert "事業2" in mail.outbox[0].body
    assert "事業4 " not in mail.outbox[0].body


def test_audit_records_cannot_be_deleted(users: dict[str, Any], fy2020: PlanYear) -> None:
    ind = Project.objects.get(number=4).indicators.get()
    entering.enter_actual(users["editor-own"], ind, 2020, "15件", version=None)
    record = IndicatorYear.history.filter(actual_text="15件").first()
    assert record is not None
    assert record.history_user == users["editor-own"]
    with pytest.raises(audit.HistoryIsPermanent), transaction.atomic():
        record.delete()
    with pytest.raises(audit.HistoryIsPermanent), transaction.atomic():
        IndicatorYear.history.all().delete()
    assert IndicatorYear.history.filter(actual_text="15件").exists()


def test_import_is_audited_too(plan: Plan) -> None:
    assert IndicatorYear.history.filter(fiscal_year=2019).count() >= 60


def test_admin_writes_are_audited(plan: Plan) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    admin_user = get_user_model().objects.create_superuser("admin", "a@example.jp", "pw-admin-1")
    client = Client()
    client.force_login(admin_user)
    project = Project.objects.get(number=40)
    page = client.get(f"/admin/plans/project/{project.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "name": "航空写真の共同撮影（改称）",
            "participants": [m.pk for m in project.participants.all()],
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "1",
            "indicators-MIN_NUM_FORMS": "0",
            "indicators-MAX_NUM_FORMS": "1000",
        }
    )
    ind = project.indicators.get()
    for f in ("position", "kind", "name", "baseline_text", "target_text", "unit", "direction"):
        data[f"indicators-0-{f}"] = getattr(ind, f)
    data["indicators-0-id"] = ind.pk
    data["indicators-0-project"] = project.pk
    data = {k: v for k, v in data.items() if k not in ("lead", "sub_role") or v}
    response = client.post(f"/admin/plans/project/{project.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    last = Project.history.filter(id=project.pk).latest("history_date")
    assert (last.name, last.history_user) == ("航空写真の共同撮影（改称）", admin_user)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL trigger: runs in its pass"
)
def test_the_database_refuses_to_change_audit_records(
    users: dict[str, Any], fy2020: PlanYear
) -> None:
    """Past the ORM (raw SQL, as a script with the app's credentials would): DELETE and UPDATE
    of history rows are refused, but for the one Django makes if a user is ever deleted
    (history_user set to NULL)."""
    ind = Project.objects.get(number=4).indicators.get()
    entering.enter_actual(users["editor-own"], ind, 2020, "15件", version=None)
    history = IndicatorYear.history.model.objects
    table = IndicatorYear.history.model._meta.db_table
    before = history.count()
    for sql in (f"DELETE FROM {table}", f"UPDATE {table} SET actual_text = 'x'"):
        with (
            pytest.raises(DatabaseError, match="audit records are permanent"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert history.count() == before
    signed = history.filter(actual_text="15件")
    assert users["editor-own"].pk in {r.history_user_id for r in signed}
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET history_user_id = NULL WHERE actual_text = '15件'")
    assert {r.history_user_id for r in signed.all()} == {None}
