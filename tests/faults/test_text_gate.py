"""The one gate for every text that enters (hyoka.core.text, hyoka.gate): over-long texts, NUL,
control characters, line breaks in one-line fields and lone surrogates, through every door —
the web form, the API, the entry workbook, the readers of imported lists, the admin and
``hyoka load`` — are refused naming the field, and nothing is written (every table counted,
the audit trail included).  Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from openpyxl import load_workbook

from hyoka.api.models import ApiToken
from hyoka.cli import main
from hyoka.core.text import MAX_TEXT, TextRefused, clean
from hyoka.evaluation.models import IndicatorYear, PlanYear
from hyoka.ingest.readers import read_bytes
from hyoka.plans.models import Municipality, Project
from hyoka.workflow.workbook import WorkbookRejected, apply_workbook, build_workbook
from tests.factories import SAPPORO, year_url
from tests.faults.conftest import row_counts

pytestmark = pytest.mark.django_db

#: texts no one-line field takes, with the kind of refusal
BAD_LINE = [
    ("46\x00人", "control"),
    ("46\x01人", "control"),
    ("46\x7f人", "control"),
    ("46\x85人", "control"),
    ("46\ufffe人", "control"),
    ("46\ud800人", "surrogate"),
    ("46人\n47人", "line_break"),
    ("46人\t47人", "line_break"),
    ("4" * 201, "too_long"),
]


@pytest.mark.parametrize(("text", "kind"), BAD_LINE)
def test_the_rules(text: str, kind: str) -> None:
    with pytest.raises(TextRefused) as caught:
        clean(text, label="実績値", limit=200)
    assert caught.value.kind == kind
    assert caught.value.message.startswith("実績値")


def test_what_passes_and_how_it_is_normalised() -> None:
    assert clean("４" * 200, label="x", limit=200) == "４" * 200  # the limit itself
    assert clean(" e\u0301\u202e😀 ", label="x", limit=5) == "\u00e9\u202e😀"  # NFC, bidi kept
    assert clean("a\r\nb\tc\u2028d", label="x", multiline=True) == "a\nb\tc\nd"
    assert clean("（見込）①㎡", label="x", limit=10) == "（見込）①㎡"  # not NFKC
    with pytest.raises(TextRefused):
        clean("x" * (MAX_TEXT + 1), label="x", multiline=True)


def _project_14(plan: PlanYear) -> tuple[Project, Any]:
    project = Project.objects.get(plan=plan.plan, number=14)
    return project, project.indicators.get(position=2)


@pytest.mark.parametrize(("text", "kind"), [c for c in BAD_LINE if c[1] != "surrogate"])
def test_web_form(entry_year: tuple[PlanYear, dict[str, Any]], text: str, kind: str) -> None:
    """(A browser cannot send a lone surrogate: forms are UTF-8.)"""
    year, people = entry_year
    project, ind = _project_14(year)
    client = Client()
    client.force_login(people["editor"])
    before = row_counts()
    response = client.post(
        year_url("workflow:project", project.number, year=2020),
        {f"text-{ind.uid}": text, f"version-{ind.uid}": "0", "action": "save"},
    )
    assert response.status_code == 400
    assert "実績値" in response.content.decode()
    assert row_counts() == before


def test_web_form_notes_and_review_comment(entry_year: tuple[PlanYear, dict[str, Any]]) -> None:
    year, people = entry_year
    project, _ = _project_14(year)
    client, secretariat = Client(), Client()
    client.force_login(people["editor"])
    secretariat.force_login(people["secretariat"])
    before = row_counts()
    response = client.post(
        year_url("workflow:project", project.number, year=2020),
        {"notes": "実施\x00状況", "notes_version": "0", "action": "save"},
    )
    assert response.status_code == 400
    assert "連携事業実施状況等に制御文字（U+0000）" in response.content.decode()
    response = secretariat.post(
        year_url("workflow:project", project.number, year=2020),
        {"action": "return", "comment": "x" * (MAX_TEXT + 1)},
    )
    assert response.status_code == 400
    assert row_counts() == before


@pytest.mark.parametrize(("text", "kind"), BAD_LINE)
def test_api(entry_year: tuple[PlanYear, dict[str, Any]], text: str, kind: str) -> None:
    year, people = entry_year
    _, ind = _project_14(year)
    _, token = ApiToken.issue(people["editor"])
    before = row_counts()
    response = Client(headers={"Authorization": f"Bearer {token}"}).put(
        f"/api/v1/indicators/{ind.uid}/actuals/2020",
        json.dumps({"text": text}),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "text"
    assert row_counts() == before


def _workbook(year: PlanYear, header: str, value: str, project: int = 14) -> bytes:
    wb = load_workbook(BytesIO(build_workbook(year, Municipality.objects.get(code=SAPPORO))))
    ws = wb["実績値"]
    h = {c.value: c.column for c in ws[1]}
    row = next(
        r
        for r in range(2, ws.max_row + 1)
        if ws.cell(r, h["事業番号"]).value == project and ws.cell(r, h["指標番号"]).value == 2
    )
    ws.cell(row, h[header]).value = value
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("header", "value", "says"),
    [
        ("実績値", "4" * 201, "200文字まで"),
        ("実績値", "46人\t47人", "1行で書いてください"),
        ("説明（△・×のとき必須）", "説" * (MAX_TEXT + 1), "20,000文字まで"),
    ],
)
def test_workbook(
    entry_year: tuple[PlanYear, dict[str, Any]], header: str, value: str, says: str
) -> None:
    """openpyxl cannot write a control character into a cell; the rest of the rules apply."""
    year, people = entry_year
    before = row_counts()
    with pytest.raises(WorkbookRejected) as caught:
        apply_workbook(_workbook(year, header, value), people["editor"], year, source="x.xlsx")
    [problem] = caught.value.problems
    assert (problem.sheet, problem.header) == ("実績値", header)
    assert problem.row > 1
    assert says in problem.message
    assert row_counts() == before


@pytest.mark.parametrize(("text", "kind"), [("46\x01人", "control"), ("\x7fx", "control")])
def test_import_reader(seed_text: str, text: str, kind: str) -> None:
    changed = seed_text.replace("29人", text, 1)
    sl = read_bytes(changed.encode("utf-8"), "list.txt")
    errors = [p for p in sl.problems if p.severity == "error"]
    assert [p.kind for p in errors] == [kind]
    assert errors[0].message.startswith("実績値")
    assert errors[0].where is not None


def test_admin(seeded: Any) -> None:
    user = get_user_model().objects.create_superuser("admin", "a@example.jp", "pw-admin-1")
    client = Client()
    client.force_login(user)
    muni = Municipality.objects.get(code=SAPPORO)
    before = row_counts()
    page = client.get(f"/admin/plans/municipality/{muni.pk}/change/")
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data["name"] = "札幌\x01市"
    response = client.post(f"/admin/plans/municipality/{muni.pk}/change/", data)
    assert response.status_code == 200
    assert "制御文字（U+0001）" in response.content.decode()
    assert row_counts() == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("value", "says"),
    [("46\x00人", "NUL"), ("46\ud800人", "surrogate"), ("4" * 201, "at most 200")],
)
def test_load(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, says: str) -> None:
    """What no database restores as it was is refused before anything is written."""
    backup = [
        {
            "model": "evaluation.indicatoryear",
            "pk": 1,
            "fields": {"fiscal_year": 2020, "actual_text": value},
        },
    ]
    path = tmp_path / "dump.json"
    path.write_text(json.dumps(backup), encoding="utf-8")
    assert main(["load", str(path)]) == 2
    err = capsys.readouterr().err
    assert says in err
    assert "nothing was written" in err
    assert IndicatorYear.objects.count() == 0


def test_publish_note(entry_year: tuple[PlanYear, dict[str, Any]]) -> None:
    """hyoka publish --note: the edition's note passes the gate too."""
    from hyoka.publishing.services import publish
    from hyoka.workflow.services import WorkflowError

    year, people = entry_year
    before = row_counts()
    with pytest.raises(WorkflowError) as caught:
        publish(people["secretariat"], year, "訂正\x00")
    assert caught.value.field == "note"
    assert "U+0000" in caught.value.message
    assert row_counts() == before


def test_a_control_character_stored_before_the_gate_does_not_break_the_workbook(
    entry_year: tuple[PlanYear, dict[str, Any]],
) -> None:
    """A text an older Hyoka accepted (46\\x01人): the entry workbook still downloads (the
    character left out) and, uploaded untouched, changes nothing."""
    year, people = entry_year
    _, ind = _project_14(year)
    IndicatorYear.objects.filter(indicator=ind, fiscal_year=2020).update(actual_text="46\x01人")
    client = Client()
    client.force_login(people["editor"])
    response = client.get(year_url("workflow:workbook", year=2020))
    assert response.status_code == 200
    before = row_counts()
    result = apply_workbook(response.content, people["editor"], year, source="x.xlsx")
    assert result.applied == []
    assert row_counts() == before
