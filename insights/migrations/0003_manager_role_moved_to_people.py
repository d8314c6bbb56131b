from django.db import migrations


def drop_old_permission(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(codename="view_participation", content_type__app_label="insights").delete()


class Migration(migrations.Migration):
    """The manager role is people.is_manager now (people 0005 carried everyone over)."""

    dependencies = [("insights", "0002_managers_group"), ("people", "0005_manager_role")]

    operations = [
        migrations.RunPython(drop_old_permission, migrations.RunPython.noop),
        migrations.DeleteModel(name="Participation"),
    ]
