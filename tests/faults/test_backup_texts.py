"""A database filled through every door with borderline texts — the longest each column takes,
tabs and line breaks where a text has several lines, Japanese, emoji, bidirectional formatting
characters — passes ``hyoka check-db`` and its dump loads again: dump → load → dump
byte-identical, on SQLite and on PostgreSQL (DATABASE_URL).  A database holding texts written
before the gate: ``hyoka check-db`` lists them (exit 1), and its dump still loads."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from hyoka.api.models import ApiToken
from hyoka.cli import main
from hyoka.cli.backup import dump_bytes
from hyoka.evaluation.models import IndicatorYear, PlanYear, ProjectYear
from hyoka.plans.models import Municipality, Project
from hyoka.workflow.workbook import apply_workbook
from tests.factories import SAPPORO, year_url
from tests.faults.test_text_gate import _workbook

pytestmark = pytest.mark.django_db(transaction=True)

BIDI = "\u202e逆\u202c\u2066x\u2069"
EMOJI = "😀👨‍👩‍👧"
#: several lines: tabs, line breaks, Japanese, emoji, bidi — and 20,000 characters in all
LONG_NOTES = ("実施状況\t" + EMOJI + "\n" + BIDI + "\n") * 10
LONG_NOTES += "あ" * (20_000 - len(LONG_NOTES))


def _fill(people: dict[str, Any], year: PlanYear, monkeypatch: pytest.MonkeyPatch) -> None:
    project = Project.objects.get(plan=year.plan, number=14)
    ind = project.indicators.get(position=2)
    web = Client()
    web.force_login(people["editor"])
    response = web.post(  # the web form: the notes of 20,000 characters
        year_url("workflow:project", 14, year=2020),
        {"notes": LONG_NOTES, "notes_version": "0", "action": "save"},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    _, token = ApiToken.issue(people["editor"])
    response = Client(headers={"Authorization": f"Bearer {token}"}).put(  # the API
        f"/api/v1/indicators/{ind.uid}/actuals/2020",
        json.dumps(
            {
                "text": "29人" + " " * 3,
                "note": f"募集が遅れた\t{EMOJI}\r\n{BIDI}",
                "override": "△",
                "override_reason": "説明\n" + "理" * 19_000,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    data = _workbook(year, "説明（△・×のとき必須）", f"Excel\t{EMOJI}\n{BIDI}", project=2)
    data_year = IndicatorYear.objects.get(
        indicator__project__number=2, indicator__position=2, fiscal_year=2020
    )
    assert data_year.note == ""
    apply_workbook(data, people["editor"], year, source="x" * 200 + ".xlsx")  # the workbook
    admin = get_user_model().objects.create_superuser("admin", "a@example.jp", "pw-admin-1")
    client = Client()
    client.force_login(admin)
    muni = Municipality.objects.get(code=SAPPORO)
    page = client.get(f"/admin/plans/municipality/{muni.pk}/change/")
    form = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    form["name"] = ("札幌市" + BIDI + EMOJI + "あ" * 50)[:50]  # the admin: 50 characters
    response = client.post(f"/admin/plans/municipality/{muni.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-passphrase-2026\n"))
    department = ("企画" + EMOJI + BIDI + "課" * 100)[:100]
    add = ["user", "add", "tanaka", "--municipality", SAPPORO, "--duty", "viewer"]
    assert main([*add, "--department", department]) == 0  # the command line


def test_filled_through_every_door_dumps_and_loads_again(
    entry_year: tuple[PlanYear, dict[str, Any]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    year, people = entry_year
    _fill(people, year, monkeypatch)
    assert ProjectYear.objects.get(project__number=14, fiscal_year=2020).notes == LONG_NOTES
    assert Municipality.objects.get(code=SAPPORO).name.startswith("札幌市" + BIDI)
    capsys.readouterr()
    assert main(["check-db"]) == 0, capsys.readouterr()
    first = dump_bytes()
    path = tmp_path / "dump.json"
    path.write_bytes(first)
    call_command("flush", interactive=False, verbosity=0)
    assert main(["load", str(path)]) == 0, capsys.readouterr().err
    assert "warning" not in capsys.readouterr().err
    assert dump_bytes() == first


def test_check_db_lists_texts_written_before_the_gate(
    seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rows changed behind the gate's back (as an older Hyoka let the API write them)."""
    iy = IndicatorYear.objects.filter(fiscal_year=2019).order_by("pk").first()
    assert iy is not None
    IndicatorYear.objects.filter(pk=iy.pk).update(actual_text="46\x01人", note="a\x1bb")
    project = Project.objects.order_by("pk").first()
    assert project is not None
    Project.objects.filter(pk=project.pk).update(name="名\t前")
    capsys.readouterr()
    assert main(["check-db", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert found["count"] == 3
    assert {(r["table"], r["pk"], r["field"], r["kind"]) for r in found["texts"]} == {
        ("evaluation_indicatoryear", iy.pk, "actual_text", "control"),
        ("evaluation_indicatoryear", iy.pk, "note", "control"),
        ("plans_project", project.pk, "name", "line_break"),
    }
    assert main(["check-db"]) == 1
    out = capsys.readouterr().out
    assert f"evaluation_indicatoryear\t{iy.pk}\tactual_text\t実績値に制御文字（U+0001）" in out
    # its dump still loads, saying what the gate would refuse today
    first = dump_bytes()
    path = tmp_path / "dump.json"
    path.write_bytes(first)
    call_command("flush", interactive=False, verbosity=0)
    assert main(["load", str(path)]) == 0
    err = capsys.readouterr().err
    assert "3 texts the gate would refuse today" in err
    assert "hyoka check-db" in err
    assert dump_bytes() == first
