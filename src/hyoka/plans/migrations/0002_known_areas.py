"""The areas Hyoka knows from the start (さっぽろ連携中枢都市圏 and its 12 municipalities)."""

from django.db import migrations


def create_known_areas(apps, schema_editor):  # type: ignore[no-untyped-def]
    from hyoka.plans.areas import KNOWN_AREAS

    Area = apps.get_model("plans", "Area")
    Municipality = apps.get_model("plans", "Municipality")
    for name, data in KNOWN_AREAS.items():
        area, _ = Area.objects.get_or_create(name=name, defaults={"slug": data["slug"]})
        for order, (code, mname, central) in enumerate(data["municipalities"], 1):
            Municipality.objects.update_or_create(
                code=code,
                defaults={"name": mname, "area": area, "is_central": central, "order": order},
            )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(create_known_areas, migrations.RunPython.noop)]
