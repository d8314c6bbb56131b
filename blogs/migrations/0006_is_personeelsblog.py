from django.db import migrations, models


def mark_personeelsblog(apps, schema_editor):
    # 0002 made it under this address; from now on the flag, not the address, says which it is.
    apps.get_model("blogs", "Blog").objects.filter(slug="personeelsblog").update(is_personeelsblog=True)


class Migration(migrations.Migration):
    dependencies = [("blogs", "0005_markdown_limits")]

    operations = [
        migrations.AddField(
            model_name="blog",
            name="is_personeelsblog",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddConstraint(
            model_name="blog",
            constraint=models.UniqueConstraint(
                condition=models.Q(is_personeelsblog=True), fields=("is_personeelsblog",), name="one_personeelsblog"
            ),
        ),
        migrations.RunPython(mark_personeelsblog, migrations.RunPython.noop),
    ]
