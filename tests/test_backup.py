"""hyoka dump / hyoka load: dump → load into an empty database → dump is byte-identical,
audit trail included (runs on SQLite and, in scripts/test, on PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from hyoka.cli import main
from hyoka.cli.backup import dump_bytes
from hyoka.evaluation.models import IndicatorYear
from hyoka.plans.models import Project
from tests.factories import ENTERED, import_seed, seed_with_an_entry


@pytest.mark.django_db(transaction=True)
def test_dump_load_dump_is_byte_identical(tmp_path: Path) -> None:
    seed_with_an_entry()
    first = dump_bytes()
    assert b'"model": "evaluation.historicalindicatoryear"' in first  # the audit trail
    assert ENTERED.encode() in first
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
    import_seed()
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


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_before_the_renames_loads(tmp_path: Path) -> None:
    """Backups written when a membership had an ``organisation`` and a ``role`` load with
    today's names (``municipality``, ``duty``)."""
    from hyoka.accounts.models import Membership
    from tests.factories import make_user

    seed_with_an_entry()
    make_user("old-style", "012033", "viewer")
    today = dump_bytes()
    old = (
        today.decode()
        .replace('"municipality": ', '"organisation": ')
        .replace('"duty": ', '"role": ')
        .encode()
    )
    assert b'"organisation"' in old
    assert b'"duty"' not in old
    path = tmp_path / "old.json"
    path.write_bytes(old)
    call_command("flush", interactive=False, verbosity=0)
    assert main(["load", str(path)]) == 0
    m = Membership.objects.get(user__username="old-style")
    assert (m.municipality.code, m.duty) == ("012033", "viewer")
    assert dump_bytes() == today


def test_every_model_holding_texts_is_checked_on_load() -> None:
    """A model of Hyoka's own with text fields (and its audit copy) is in the load's gate list,
    so a new model cannot slip past it."""
    from django.apps import apps

    from hyoka.cli.backup import TEXT_MODELS
    from hyoka.gate import text_fields

    ours = {
        m._meta.label_lower
        for m in apps.get_models()
        if m.__module__.startswith("hyoka.") and any(True for _ in text_fields(m))
    }
    machine_made = {"api.apitoken"}  # a key's hash and its first characters, no one's text
    missing = ours - TEXT_MODELS - machine_made
    assert not missing, missing
