"""The areas Hyoka knows from the start (さっぽろ連携中枢都市圏 and its 12 municipalities)."""

from django.db import migrations


def create_known_areas(apps, schema_editor):  # type: ignore[no-untyped-def]
    from hyoka.plans.areas import ensure_known_areas

    ensure_known_areas(apps.get_model("plans", "Area"), apps.get_model("plans", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(create_known_areas, migrations.RunPython.noop)]
