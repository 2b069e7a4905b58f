"""Sign-in throttling end to end through the real login page (django-axes, database handler):
N failures for one user name from one address lock that pair — the right password included —
with a lockout page in Japanese first, until `hyoka user unlock NAME` (or the cool-off)."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt  # type: ignore[import-untyped]
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from hyoka.cli import main

PASSWORD = "a-long-passphrase-for-tests"
LOGIN = "/accounts/login/"
ADDRESS = "192.0.2.10"


@pytest.fixture
def tanaka(db: None) -> Any:
    return get_user_model().objects.create_user("tanaka", password=PASSWORD)


def _sign_in(client: Client, password: str, address: str = ADDRESS, **extra: str) -> Any:
    return client.post(
        LOGIN, {"username": "tanaka", "password": password}, REMOTE_ADDR=address, **extra
    )


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _lock(client: Client) -> None:
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _sign_in(client, f"wrong-{n}")
        assert response.status_code == 200
        assert "利用者名またはパスワードが違います" in response.content.decode()
    response = _sign_in(client, "wrong-last")
    assert response.status_code == 429  # the failure that reaches the limit


def test_failures_lock_then_unlock(tanaka: Any, capsys: pytest.CaptureFixture[str]) -> None:
    client = Client()
    assert settings.AXES_FAILURE_LIMIT == 5
    _lock(client)
    attempt = AccessAttempt.objects.get(username="tanaka")
    assert (attempt.ip_address, attempt.failures_since_start) == (ADDRESS, 5)

    # locked: the right password is refused too, with the lockout page (Japanese first)
    response = _sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == "1800"
    page = response.content.decode()
    assert "ログインが一時停止されています" in page
    assert "ログインに5回続けて失敗したため" in page
    assert "30分後にもう一度お試しください" in page
    assert not _signed_in(client)

    # the same page in English
    client.cookies["django_language"] = "en"
    page = _sign_in(client, PASSWORD).content.decode()
    assert "Signing in failed 5 times in a row" in page
    assert "Please try again in 30 minutes" in page
    assert not _signed_in(client)

    # the same user name from another address is not locked (user name + address)
    other = Client()
    assert _sign_in(other, PASSWORD, address="192.0.2.99").status_code == 302
    assert _signed_in(other)

    # shown by `hyoka user list`, lifted by `hyoka user unlock`
    assert main(["user", "list"]) == 0
    capsys.readouterr()
    assert main(["user", "unlock", "tanaka"]) == 0
    assert "unlocked tanaka" in capsys.readouterr().out
    assert not AccessAttempt.objects.filter(username="tanaka").exists()
    response = _sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_user_list_marks_the_locked(tanaka: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from hyoka.accounts.lockout import locked_usernames

    _lock(Client())
    assert locked_usernames() == {"tanaka"}
    assert main(["user", "unlock", "tanaka"]) == 0
    assert locked_usernames() == set()
    assert main(["user", "unlock", "nobody"]) == 1
    assert "no user 'nobody'" in capsys.readouterr().err


def test_a_success_clears_earlier_failures(tanaka: Any) -> None:
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, f"wrong-{n}")
    assert _sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):  # would lock without the reset
        assert _sign_in(client, f"again-{n}").status_code == 200
    assert _sign_in(client, PASSWORD).status_code == 302


def test_admin_login_is_throttled_too(tanaka: Any) -> None:
    tanaka.is_staff = True
    tanaka.save()
    client = Client()
    _lock(client)
    response = client.post(
        "/admin/login/",
        {"username": "tanaka", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 429
    assert not _signed_in(client)


def test_behind_the_proxy_the_forwarded_address_counts(tanaka: Any, settings: Any) -> None:
    """Every request comes from the proxy; the client is the address the proxy appended."""
    settings.BEHIND_PROXY = True
    proxy = "10.0.0.2"
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        # a client claiming another address left of the proxy's entry changes nothing
        _sign_in(client, f"wrong-{n}", proxy, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7")
    assert AccessAttempt.objects.get(username="tanaka").ip_address == "203.0.113.7"
    other = _sign_in(Client(), PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 302  # another client behind the same proxy
    locked = _sign_in(client, PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert locked.status_code == 429


def test_login_without_a_request_is_not_throttled(tanaka: Any) -> None:
    """The test client's login() and scripts call authenticate() without a request."""
    _lock(Client())
    assert Client().login(username="tanaka", password=PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_sign_in_records_survive_dump_and_load(tmp_path: Any) -> None:
    """The backup holds the lockout state too, and dump → load → dump stays byte-identical."""
    from django.core.management import call_command

    from hyoka.cli.backup import dump_bytes

    get_user_model().objects.create_user("tanaka", password=PASSWORD)
    _lock(Client())
    assert _sign_in(Client(), PASSWORD, address="192.0.2.99").status_code == 302  # an access log
    first = dump_bytes()
    assert b'"model": "axes.accessattempt"' in first
    assert b'"model": "axes.accesslog"' in first
    assert b"wrong-last" not in first  # the password field is masked by axes
    path = tmp_path / "dump.json"
    path.write_bytes(first)
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(path), verbosity=0)
    assert dump_bytes() == first
    assert _sign_in(Client(), PASSWORD).status_code == 429  # still locked after the restore
