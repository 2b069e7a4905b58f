"""参加市町村 as the document says them: read at import, kept on re-import, and re-derived for a
database imported before Hyoka read them (the data migration)."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.test import Client

from hyoka.evaluation.imports import ImportResult
from hyoka.plans.models import Municipality, Project
from tests.factories import import_seed, year_url

migration = importlib.import_module("hyoka.evaluation.migrations.0004_participation_from_documents")


def names(number: int) -> list[str]:
    return [m.name for m in Project.objects.get(number=number).participants.all()]


def test_a_reimport_adds_nothing_and_keeps_what_a_person_added(imported: ImportResult) -> None:
    otaru = Municipality.objects.get(name="小樽市")
    Project.objects.get(number=29).participants.add(otaru)  # added by hand in the admin
    again = import_seed()
    assert again.counts["projects updated"] == 0
    assert names(29) == ["札幌市", "小樽市", "石狩市", "当別町"]
    assert names(22) == ["札幌市", "北広島市", "石狩市"]


def test_the_migration_rederives_the_old_all_twelve(imported: ImportResult) -> None:
    everyone = list(Municipality.objects.all())
    for project in Project.objects.all():  # as imports before this change left them
        project.participants.set(everyone)
    Project.objects.update(participation_basis="")
    Project.objects.get(number=40).participants.set(everyone[:2])  # changed by a person
    migration.forwards(apps, None)
    assert names(29) == ["札幌市", "石狩市", "当別町"]
    assert names(1) == ["札幌市"]
    assert len(names(39)) == 12
    assert (
        "連携事業実施状況等「北広島市」「石狩市」"
        in Project.objects.get(number=22).participation_basis
    )
    assert names(40) == ["札幌市", "小樽市"]  # left alone


def test_the_project_page_shows_the_participants_and_their_words(imported: ImportResult) -> None:
    html = Client().get(year_url("web:project", 29)).content.decode()
    assert "札幌市、石狩市、当別町" in html
    assert "一覧の記載から: 事業概要「札幌市」「石狩市」「当別町」" in html
    html = Client().get(year_url("web:project", 3)).content.decode()
    assert "一覧に参加市町村の記載はありません（幹事市町村のみ）" in html
