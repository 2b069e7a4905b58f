"""参加市町村 as the documents say them, for databases imported before Hyoka read them.

Earlier imports made every member of the area a participant of every project.  A project still
in that state, with no basis recorded, gets the participants its own texts name (its name,
summary and every year's progress notes, :mod:`hyoka.core.participation`) and its lead; one a
person has changed is left alone."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from hyoka.core.participation import participation


def forwards(apps: Any, schema_editor: Any) -> None:
    project_model = apps.get_model("plans", "Project")
    municipality_model = apps.get_model("plans", "Municipality")
    project_year_model = apps.get_model("evaluation", "ProjectYear")
    for project in project_model.objects.filter(participation_basis="").select_related("plan"):
        members = list(
            municipality_model.objects.filter(area_id=project.plan.area_id).order_by(
                "order", "code"
            )
        )
        have = set(project.participants.values_list("pk", flat=True))
        if have != {m.pk for m in members}:
            continue
        notes = " ".join(
            project_year_model.objects.filter(project=project)
            .order_by("fiscal_year")
            .values_list("notes", flat=True)
        )
        found = participation(
            {"連携事業名": project.name, "事業概要": project.summary, "連携事業実施状況等": notes},
            [m.name for m in members],
        )
        keep = {m.pk for m in members if m.name in found.members} | {project.lead_id} - {None}
        project.participants.set([m for m in members if m.pk in keep])
        if found.basis:
            project.participation_basis = found.basis[:500]
            project.save(update_fields=["participation_basis"])


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0003_data_versions"),
        ("plans", "0004_project_participation_basis"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
