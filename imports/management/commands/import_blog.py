from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from blogs.models import Blog
from people.models import User

from ...errors import ImportRefused
from ...formats import read_export
from ...importer import import_blog


class Command(BaseCommand):
    help = _(
        "Zet een export van Blogger (Atom) of WordPress (WXR, of Blognets eigen export) over naar een blog. "
        "Een tweede keer hetzelfde bestand verandert niets."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["blogger", "wordpress"], help=_("waar de export vandaan komt"))
        parser.add_argument("file", help=_("het exportbestand (XML, of een zip of gzip daarvan)"))
        parser.add_argument("--blog", required=True, help=_("het adres (slug) van de blog waarin het komt"))
        parser.add_argument("--dry-run", action="store_true", help=_("alleen laten zien wat er zou gebeuren"))
        parser.add_argument("--pages", action="store_true", help=_("pagina's ook als bericht overzetten"))
        parser.add_argument(
            "--by",
            help=_(
                "gebruikersnaam van wie importeert: schrijver van berichten zonder bekende collega "
                "(standaard de eigenaar van de blog)"
            ),
        )

    def handle(self, *args, kind, file, blog, dry_run, pages, by, **options):
        target = Blog.objects.filter(slug=blog).select_related("owner").first()
        if target is None:
            raise CommandError(_("Er is geen blog met het adres '%(slug)s'.") % {"slug": blog})
        importer = target.owner
        if by:
            importer = User.objects.filter(username=by).first()
            if importer is None:
                raise CommandError(_("Er is geen collega met de gebruikersnaam '%(username)s'.") % {"username": by})
        if importer is None:
            raise CommandError(_("Deze blog heeft geen eigenaar: geef met --by aan wie importeert."))
        try:
            with open(file, "rb") as upload:
                source = read_export(upload, name=file)
        except OSError as error:
            raise CommandError(
                _("Het bestand kan niet worden gelezen: %(error)s") % {"error": error.strerror}
            ) from None
        except ImportRefused as refusal:
            raise CommandError(str(refusal)) from None
        if source.kind != kind:
            raise CommandError(
                _("Dit bestand is een export van %(found)s, niet van %(asked)s.")
                % {"found": source.kind.capitalize(), "asked": kind.capitalize()}
            )
        bar = tqdm(desc=_("berichten"), unit="", disable=dry_run or options["verbosity"] == 0)

        def progress(done, total):
            bar.total = total
            bar.update(done - bar.n)

        report = import_blog(source, blog=target, by=importer, pages_as_posts=pages, dry_run=dry_run, progress=progress)
        bar.close()
        if dry_run:
            self.stdout.write(_("Proefdraai: er is niets veranderd."))
        for line in report.lines():
            self.stdout.write(line)
