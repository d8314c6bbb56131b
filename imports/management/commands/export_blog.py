"""manage.py export_blog OUTPUT.zip (--blog SLUG [--blog SLUG ...] | --all): see imports.export."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from blogs.models import Blog, Post

from ...export import write_export


class Command(BaseCommand):
    # Plain strings: argparse formats help text with regular expressions, which lazy text fails.
    help = (
        "Exporteert blogs als één zip (WXR 1.2 met de afbeeldingen) die WordPress kan importeren en Blognet "
        "kan teruglezen, met concepten, geplande berichten en alle reacties. De zip bevat concepten en "
        "e-mailadressen: bewaar hem niet op een plek die iedereen kan lezen."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", metavar="OUTPUT.zip", help="het zipbestand dat wordt geschreven")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--blog",
            action="append",
            dest="slugs",
            metavar="SLUG",
            help="het adres (slug) van een blog; mag vaker",
        )
        which.add_argument("--all", action="store_true", dest="everything", help="alle blogs van de site")

    def handle(self, *args, output, slugs, everything, verbosity, **options):
        blogs = Blog.objects.all() if everything else Blog.objects.filter(slug__in=slugs)
        if not everything:
            unknown = sorted(set(slugs) - set(blogs.values_list("slug", flat=True)))
            if unknown:
                raise CommandError(_("Onbekend blog: %(slugs)s") % {"slugs": ", ".join(unknown)})
        target = Path(output)
        total = Post.objects.filter(blog__in=blogs).count()
        try:
            with target.open("wb") as out, tqdm(total=total, unit=" berichten", disable=verbosity == 0) as bar:
                exported = write_export(out, blogs=blogs, progress=bar.update)
        except BaseException:
            target.unlink(missing_ok=True)  # half a zip is no export
            raise
        self.stdout.write(
            _("%(posts)d berichten, %(comments)d reacties, %(images)d afbeeldingen geëxporteerd naar %(output)s")
            % {"posts": exported.posts, "comments": exported.comments, "images": exported.images, "output": output}
        )
