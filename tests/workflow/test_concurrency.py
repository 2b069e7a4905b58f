"""Two people save the same figure at the same moment: exactly one wins, the other is told."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from hyoka.evaluation.models import IndicatorYear
from hyoka.plans.models import Project
from hyoka.workflow import entering, services
from tests.factories import SAPPORO, import_seed, make_user


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transactions_exactly_one_wins() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections: runs in the PostgreSQL pass of scripts/test")
    plan = import_seed().plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    editors = [make_user(f"editor{i}", SAPPORO, "editor") for i in (1, 2)]
    services.open_year(secretariat, plan, 2020)
    ind = Project.objects.get(number=4).indicators.get()
    version = IndicatorYear.objects.get(indicator=ind, fiscal_year=2020).version
    barrier = threading.Barrier(2)
    results: dict[str, Any] = {}

    def save(user: Any, text: str) -> None:
        try:
            barrier.wait(timeout=10)
            entering.enter_actual(user, ind, 2020, text, version=version)
            results[text] = "saved"
        except services.Conflict as exc:
            results[text] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(editors[0], "15件")),
        threading.Thread(target=save, args=(editors[1], "16件")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    outcomes = sorted(("saved" if v == "saved" else "conflict") for v in results.values())
    assert outcomes == ["conflict", "saved"]
    winner = next(text for text, v in results.items() if v == "saved")
    loser = next(v for v in results.values() if v != "saved")
    stored = IndicatorYear.objects.get(indicator=ind, fiscal_year=2020)
    assert stored.actual_text == winner
    assert stored.version == version + 1
    assert loser.current["text"] == winner  # the message shows the newer value


@pytest.mark.django_db(transaction=True)
def test_two_organisations_enter_their_parts_of_one_indicator_at_once() -> None:
    """札幌市 and 小樽市 each save their own part of an indicator that adds up the
    municipalities' figures, at the same moment: both are kept, neither is reported as a
    conflict, and the total counts both (no lost update of the shared total)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections: runs in the PostgreSQL pass of scripts/test")
    from hyoka.evaluation.models import Contribution
    from hyoka.plans.models import Indicator, Municipality
    from tests.factories import OTARU

    plan = import_seed().plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    editors = {
        SAPPORO: make_user("sapporo", SAPPORO, "editor"),
        OTARU: make_user("otaru", OTARU, "editor"),
    }
    services.open_year(secretariat, plan, 2020)
    ind = Project.objects.get(number=39).indicators.get()  # 交流職員数: all twelve take part
    Indicator.objects.filter(pk=ind.pk).update(aggregation=Indicator.Aggregation.SUM)
    ind.refresh_from_db()
    barrier = threading.Barrier(2)
    results: dict[str, Any] = {}

    def save(code: str, text: str) -> None:
        try:
            municipality = Municipality.objects.get(code=code)
            barrier.wait(timeout=10)
            entering.enter_contribution(
                editors[code], ind, 2020, municipality, text, version=0, confirmed=True
            )
            results[code] = "saved"
        except Exception as exc:  # reported below, whatever it is
            results[code] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(SAPPORO, "1,000人")),
        threading.Thread(target=save, args=(OTARU, "200人")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert results == {SAPPORO: "saved", OTARU: "saved"}
    parts = Contribution.objects.filter(indicator=ind, fiscal_year=2020)
    assert sorted(p.text for p in parts) == ["1,000人", "200人"]
    stored = IndicatorYear.objects.get(indicator=ind, fiscal_year=2020)
    assert stored.actual_text == "1,200人"
    assert stored.history.filter(actual_text="1,200人").exists()


@pytest.mark.django_db(transaction=True)
def test_twelve_members_save_their_indicators_at_once() -> None:
    """The week before the deadline: one editor of each of the twelve members saves their own
    indicators of FY2020 at the same moment, round after round.  No error (no deadlock, no
    lost update), every save in the audit trail, and every stored rating what a fresh
    evaluation of the year computes."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections: runs in the PostgreSQL pass of scripts/test")
    from hyoka.evaluation.services import evaluate_year
    from hyoka.plans.models import Indicator, Municipality
    from tests.workflow.test_rerate import snapshot

    plan = import_seed().plan
    secretariat = make_user("sec", SAPPORO, "secretariat")
    services.open_year(secretariat, plan, 2020)
    members = list(Municipality.objects.filter(area=plan.area).order_by("order", "code"))
    assert len(members) == 12
    # the bundled list names 札幌市 as every project's lead; here each member leads a share
    projects = list(Project.objects.filter(plan=plan).order_by("number"))
    for i, p in enumerate(projects):
        Project.objects.filter(pk=p.pk).update(lead=members[i % 12])
    editors = {m.pk: make_user(f"editor-{m.code}", m.code, "editor") for m in members}
    mine = {
        m.pk: list(
            Indicator.objects.filter(plan=plan, project__lead=m, aggregation="")
            .exclude(kind=Indicator.Kind.ACHIEVEMENT)
            .order_by("pk")
        )
        for m in members
    }
    rounds = 3
    barrier = threading.Barrier(len(members))
    errors: list[str] = []
    saved: list[int] = []

    def work(member: int) -> None:
        try:
            barrier.wait(timeout=30)
            for r in range(rounds):
                for ind in mine[member]:
                    iy = IndicatorYear.objects.get(indicator=ind, fiscal_year=2020)
                    entering.enter_actual(
                        editors[member],
                        ind,
                        2020,
                        f"{10 + r}（見込）",
                        version=iy.version,
                        note="3月末の見込み",
                        confirmed=True,  # ten times last year's: confirmed, recorded
                    )
                    saved.append(ind.pk)
        except Exception as exc:  # every error is a failure, whatever it is
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(m.pk,)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    assert len(saved) == rounds * sum(len(v) for v in mine.values())
    for inds in mine.values():
        for ind in inds:
            iy = IndicatorYear.objects.get(indicator=ind, fiscal_year=2020)
            assert iy.actual_text == f"{10 + rounds - 1}（見込）"
            assert iy.version == rounds
            entered = iy.history.filter(history_change_reason="入力").count()
            assert entered == rounds, ind
    stored = snapshot(plan, 2020)
    evaluate_year(plan, 2020)
    assert snapshot(plan, 2020) == stored
