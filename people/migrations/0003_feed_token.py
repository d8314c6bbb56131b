import secrets

from django.db import migrations, models

import people.models


def give_everyone_a_token(apps, schema_editor):
    User = apps.get_model("people", "User")
    for user in User.objects.filter(feed_token__isnull=True).only("pk"):
        User.objects.filter(pk=user.pk).update(feed_token=secrets.token_urlsafe(32))


class Migration(migrations.Migration):
    """Three steps, because a unique column cannot get one default value for every existing row."""

    dependencies = [("people", "0002_reserved_usernames")]

    operations = [
        migrations.AddField(model_name="user", name="feed_token", field=models.CharField(max_length=64, null=True)),
        migrations.RunPython(give_everyone_a_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="feed_token",
            field=models.CharField(
                default=people.models.new_feed_token, editable=False, max_length=64, unique=True
            ),
        ),
    ]
