from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGERS = "Leidinggevenden"


def give_managers_the_role(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs its one now.
    people = apps.get_app_config("people")
    people.models_module = True
    create_permissions(people, apps=apps, verbosity=0)
    people.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model("people", "User")
    role = Permission.objects.get(codename="is_manager", content_type__app_label="people")
    group, _ = Group.objects.get_or_create(name=MANAGERS)
    group.permissions.add(role)
    # Whoever was a manager through the dashboard's old permission stays one.
    old = Permission.objects.filter(codename="view_participation", content_type__app_label="insights")
    for other in Group.objects.filter(permissions__in=old):
        other.permissions.add(role)
    for user in User.objects.filter(user_permissions__in=old):
        user.user_permissions.add(role)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_last_seen"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.AlterModelOptions(
            name="user",
            options={
                "permissions": [
                    ("is_manager", "Is leidinggevende: ziet het deelnameoverzicht en krijgt het weekoverzicht")
                ],
                "verbose_name": "medewerker",
                "verbose_name_plural": "medewerkers",
            },
        ),
        migrations.RunPython(give_managers_the_role, migrations.RunPython.noop),
    ]
