"""The data versions' index (row 0: which areas, plans and years there are, their names and
states) and a project's successors moved with it: the triggers made again
(hyoka.evaluation.versions, idempotent)."""

from django.db import migrations

from hyoka.evaluation import versions


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in versions.install_sql():
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0005_headline_state")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
