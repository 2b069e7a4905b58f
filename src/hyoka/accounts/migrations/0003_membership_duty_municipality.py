"""A user's 権限 is a *duty* and their 市町村 a *municipality*: two words that no longer
collide with a plan's 役割 (Role) or stand beside "organisation" for the same thing."""

from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_cache_table"),
        ("plans", "0003_indicator_aggregation_historicalindicator_and_more"),
    ]

    operations = [
        migrations.RenameField("membership", "organisation", "municipality"),
        migrations.RenameField("membership", "role", "duty"),
        migrations.RenameField("historicalmembership", "organisation", "municipality"),
        migrations.RenameField("historicalmembership", "role", "duty"),
        migrations.AlterModelOptions(
            name="historicalmembership",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historical 所属と権限",
                "verbose_name_plural": "historical 所属と権限",
            },
        ),
        migrations.AlterModelOptions(
            name="membership",
            options={
                "ordering": ["municipality__order", "user__username"],
                "verbose_name": "所属と権限",
                "verbose_name_plural": "所属と権限",
            },
        ),
        migrations.AlterField(
            model_name="historicalmembership",
            name="duty",
            field=models.CharField(
                choices=[
                    ("secretariat", "事務局"),
                    ("editor", "入力担当"),
                    ("viewer", "閲覧（懇談会委員など）"),
                ],
                max_length=20,
                verbose_name="権限",
            ),
        ),
        migrations.AlterField(
            model_name="historicalmembership",
            name="municipality",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="plans.municipality",
                verbose_name="市町村",
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="duty",
            field=models.CharField(
                choices=[
                    ("secretariat", "事務局"),
                    ("editor", "入力担当"),
                    ("viewer", "閲覧（懇談会委員など）"),
                ],
                max_length=20,
                verbose_name="権限",
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="members",
                to="plans.municipality",
                verbose_name="市町村",
            ),
        ),
    ]
