"""`python -m django check --deploy --fail-level WARNING` passes under the production
environment of docs/deployment.md, and names what is missing when it is not given."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.envs import DOCUMENTED, run

CHECK = ["-m", "django", "check", "--deploy", "--fail-level", "WARNING"]


def test_documented_production_environment_passes(tmp_path: Path) -> None:
    done = run(CHECK, DOCUMENTED, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def _without(*names: str) -> dict[str, str]:
    return {k: v for k, v in DOCUMENTED.items() if k not in names}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        # a key generated in one machine's data directory: other servers would not share it
        (_without("HYOKA_SECRET_KEY"), ["hyoka.W001"]),
        ({**DOCUMENTED, "HYOKA_SECRET_KEY": "too-short"}, ["security.W009"]),
        # plain `hyoka serve --production` on loopback: no TLS, so no redirect and no HSTS
        (_without("HYOKA_BEHIND_PROXY"), ["security.W004", "security.W008"]),
        ({**DOCUMENTED, "HYOKA_HSTS_SECONDS": "0"}, ["security.W004"]),
        ({**DOCUMENTED, "HYOKA_PRODUCTION": "0"}, ["security.W018"]),  # DEBUG
    ],
)
def test_what_is_missing_is_named(tmp_path: Path, env: dict[str, str], expected: list[str]) -> None:
    done = run(CHECK, env, tmp_path)
    assert done.returncode == 1
    found = sorted(
        {word.strip("()") for word in done.stderr.split() if word.startswith("(") and "." in word}
    )
    assert found == expected, done.stderr
