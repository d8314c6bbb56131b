from django.core.management.base import BaseCommand

from blognet.markup import RENDER_VERSION
from blogs.models import Post

from ...models import Comment


class Command(BaseCommand):
    help = "Renders posts and comments again whose stored HTML came from an older markup policy."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="render everything again, not only older versions")

    def handle(self, *args, **options):
        for model in (Post, Comment):
            stale = model.objects.all() if options["all"] else model.objects.filter(render_version__lt=RENDER_VERSION)
            count = 0
            for item in stale.iterator(chunk_size=500):
                item.render()
                item.save(update_fields=["body_html", "render_version", *(["excerpt"] if model is Post else [])])
                count += 1
            self.stdout.write(f"{model._meta.verbose_name_plural}: {count} rendered again (version {RENDER_VERSION})")
