"""Every malformed backup through ``hyoka load``: exit 2 with one line naming the file and
where in it (line and column, or the object), no traceback, and nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from hyoka.cli import main
from hyoka.cli.backup import dump_bytes
from tests.factories import reason, seed_with_an_entry
from tests.faults.conftest import row_counts
from tests.faults.corpus import BACKUP, GENERIC, TRACEBACK, Case

pytestmark = pytest.mark.django_db(transaction=True)

CASES = GENERIC + BACKUP
IDS = [c.id for c in CASES]
_dump: dict[str, bytes] = {}


@pytest.fixture
def backup() -> bytes:
    """A dump of the FY2019 list with FY2020 opened and a figure entered (made once per
    process), then a database emptied of plans but holding accounts, which a load must not
    touch when it refuses."""
    if "dump" not in _dump:
        seed_with_an_entry()
        _dump["dump"] = dump_bytes()
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    get_user_model().objects.create_user("someone", password="pw-for-tests-1")
    return _dump["dump"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_hyoka_load(
    case: Case, backup: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"backup-{case.id}{case.suffix or '.json'}"
    if case.id == "backup-no-suffix":
        path = tmp_path / "backup"
    path.write_bytes(case.make(backup))
    before = row_counts()
    status = main(["load", str(path)])
    err = reason(capsys.readouterr().err)
    assert not TRACEBACK.search(err)
    assert row_counts() == before
    assert status == 2, err
    assert err.startswith(f"hyoka load: {path}: "), err[:300]
    assert err.count("\n") == 1, err[:500]
    assert len(err) < 800, err[:800]
    assert "nothing was written" in err
    assert re.search(case.message_for("load"), err), err


def test_a_good_backup_still_loads(backup: bytes, tmp_path: Path) -> None:
    path = tmp_path / "good.json"
    path.write_bytes(backup)
    call_command("flush", interactive=False, verbosity=0)
    assert main(["load", str(path)]) == 0
    assert dump_bytes() == backup
