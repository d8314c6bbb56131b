from django.db import migrations


def create_personeelsblog(apps, schema_editor):
    Blog = apps.get_model("blogs", "Blog")
    Blog.objects.get_or_create(
        slug="personeelsblog",
        defaults={
            "title": "Personeelsblog",
            "tagline": "Het blog van en voor alle medewerkers: ideeën, vragen en afspraken.",
            "kind": "shared",
            "is_open_to_all": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("blogs", "0001_initial")]

    operations = [migrations.RunPython(create_personeelsblog, migrations.RunPython.noop)]
