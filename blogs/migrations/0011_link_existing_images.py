from django.db import migrations


def link_existing_images(apps, schema_editor):
    from blogs.images import link_existing_images

    link_existing_images(apps.get_model("blogs", "Post"), apps.get_model("blogs", "PostImage"))


class Migration(migrations.Migration):
    """Each stored post linked to the uploaded images its text shows: from now on the links decide
    who may fetch an image (blogs/media.py), and save_post keeps them."""

    dependencies = [
        ("blogs", "0010_post_image_links"),
    ]

    operations = [
        migrations.RunPython(link_existing_images, migrations.RunPython.noop, elidable=True),
    ]
