from django.db import migrations, models

OLD_FIELDS = ["reply", "mention", "comment", "followed"]


def booleans_to_kinds(apps, schema_editor):
    EmailPreference = apps.get_model("notifications", "EmailPreference")
    for preference in EmailPreference.objects.all():
        preference.kinds = {key: getattr(preference, f"on_{key}") for key in OLD_FIELDS}
        preference.save(update_fields=["kinds"])


def kinds_to_booleans(apps, schema_editor):
    EmailPreference = apps.get_model("notifications", "EmailPreference")
    defaults = {"reply": True, "mention": True, "comment": False, "followed": False}
    for preference in EmailPreference.objects.all():
        for key in OLD_FIELDS:
            setattr(preference, f"on_{key}", preference.kinds.get(key, defaults[key]))
        preference.save()


class Migration(migrations.Migration):
    """Notification kinds come from notifications.kinds: no choices in the schema, one JSON field
    for the e-mail choices, so a new kind needs no migration."""

    dependencies = [("notifications", "0002_emailpreference_digest_digestsent")]

    operations = [
        migrations.AlterField(model_name="notification", name="kind", field=models.CharField(max_length=30)),
        migrations.AddField(
            model_name="emailpreference",
            name="kinds",
            field=models.JSONField(blank=True, default=dict, verbose_name="e-mail per soort melding"),
        ),
        migrations.RunPython(booleans_to_kinds, kinds_to_booleans),
        *[migrations.RemoveField(model_name="emailpreference", name=f"on_{key}") for key in OLD_FIELDS],
    ]
