"""The table of Django's database cache (``settings.CACHE_TABLE``), which production uses so
that every worker and server shares one cache. Created here so that ``migrate`` — run by
``hyoka serve`` and every other command — makes it on any database, whatever the settings of
the moment say (``createcachetable`` only creates the tables of caches configured now)."""

from django.conf import settings
from django.db import migrations


def _table() -> str:
    return getattr(settings, "CACHE_TABLE", "hyoka_cache")


def create(apps, schema_editor):
    from django.core.management.commands.createcachetable import Command

    command = Command()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, _table(), dry_run=False)


def drop(apps, schema_editor):
    table = _table()
    if table in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):

    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
