"""CalendarOverride moved here from the project package (`egov`), table kept.

A database migrated before the move already has `egov_calendaroverride`: the model
enters this app's state only, and its content type (with the permissions granted on
it) is relabelled. A fresh database gets the table created here.
"""

from django.db import migrations, models


def create_table_unless_present(apps, schema_editor):
    model = apps.get_model("core", "CalendarOverride")
    tables = schema_editor.connection.introspection.table_names()
    if model._meta.db_table not in tables:
        schema_editor.create_model(model)


def relabel_content_type(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(
        app_label="core", model="calendaroverride"
    ).exists():
        content_types.objects.filter(app_label="egov", model="calendaroverride").update(
            app_label="core"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [("contenttypes", "0002_remove_content_type_name")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CalendarOverride",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField(unique=True, verbose_name="ngày")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("day_off", "Ngày nghỉ"),
                                    ("working_day", "Ngày làm việc"),
                                ],
                                max_length=16,
                                verbose_name="loại",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(max_length=200, verbose_name="lý do"),
                        ),
                        (
                            "legal_basis",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="căn cứ"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(
                                auto_now=True, verbose_name="cập nhật lúc"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ngày nghỉ hoặc ngày làm bù",
                        "verbose_name_plural": "lịch ngày làm việc",
                        "db_table": "egov_calendaroverride",
                        "ordering": ["-date"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("kind__in", ["day_off", "working_day"])
                                ),
                                name="calendar_override_kind_valid",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(create_table_unless_present, migrations.RunPython.noop),
        migrations.RunPython(relabel_content_type, migrations.RunPython.noop),
    ]
