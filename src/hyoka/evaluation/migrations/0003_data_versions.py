"""Data versions per plan, kept by PostgreSQL triggers (hyoka.evaluation.versions)."""

from django.db import migrations

from hyoka.evaluation import versions


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in versions.install_sql():
            schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in versions.uninstall_sql():
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_indicatoryear_entered_by_indicatoryear_note_and_more"),
        ("plans", "0003_indicator_aggregation_historicalindicator_and_more"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
