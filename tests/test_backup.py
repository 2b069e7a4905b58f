"""hyoka dump / hyoka load: dump → load into an empty database → dump is byte-identical,
audit trail included (runs on SQLite and, in scripts/test, on PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from hyoka.cli import main
from hyoka.cli.backup import dump_bytes
from hyoka.evaluation.imports import import_status_list
from hyoka.evaluation.models import IndicatorYear
from hyoka.ingest.statuslist_text import bundled_bytes, read_status_list
from hyoka.plans.models import Project
from hyoka.workflow import services
from tests.workflow.conftest import SAPPORO, make_user


@pytest.mark.django_db(transaction=True)
def test_dump_load_dump_is_byte_identical(tmp_path: Path) -> None:
    data = bundled_bytes()
    plan = import_status_list(read_status_list(data, "seed"), data).plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    editor = make_user("ed", SAPPORO, "editor")
    services.open_year(secretariat, plan, 2020)
    ind = Project.objects.get(number=4).indicators.get()
    services.enter_actual(editor, ind, 2020, "約16件（見込）", version=None)
    first = dump_bytes()
    assert b'"model": "evaluation.historicalindicatoryear"' in first  # the audit trail
    assert "約16件（見込）".encode() in first
    path = tmp_path / "dump.json"
    path.write_bytes(first)
    call_command("flush", interactive=False, verbosity=0)
    assert IndicatorYear.objects.count() == 0
    call_command("loaddata", str(path), verbosity=0)
    assert dump_bytes() == first


@pytest.mark.django_db(transaction=True)
def test_load_refuses_a_database_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = bundled_bytes()
    import_status_list(read_status_list(data, "seed"), data)
    path = tmp_path / "dump.json"
    path.write_bytes(dump_bytes())
    assert main(["load", str(path)]) == 1
    assert "not empty" in capsys.readouterr().err
    assert main(["load", str(tmp_path / "missing.json")]) == 2


@pytest.mark.django_db(transaction=True)
def test_load_of_a_broken_file_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("flush", interactive=False, verbosity=0)
    bad = tmp_path / "bad.json"
    bad.write_text('[{"model": "plans.plan", "pk": 1, "fields": {"name": "x"}}]', encoding="utf-8")
    assert main(["load", str(bad)]) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert Project.objects.count() == 0
