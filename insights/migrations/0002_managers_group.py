from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGERS = "Leidinggevenden"


def create_managers_group(apps, schema_editor):
    # Permissions are normally made after all migrations; this group needs its one now.
    insights = apps.get_app_config("insights")
    insights.models_module = True
    create_permissions(insights, apps=apps, verbosity=0)
    insights.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MANAGERS)
    group.permissions.add(Permission.objects.get(codename="view_participation", content_type__app_label="insights"))


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_managers_group, migrations.RunPython.noop)]
