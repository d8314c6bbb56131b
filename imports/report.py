"""What an import did, or in a dry run would do: counted, matched, skipped, and why.

The same report is printed by `manage.py import_blog`, shown on the upload page after the dry run
and after the import, and kept as JSON on the PendingImport in between.
"""

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass
class Author:
    """Someone who wrote comments in the export, and who they become in Blognet."""

    name: str
    email: str
    comments: int = 0
    colleague: str = ""  # the username they are matched to; empty: they appear as an imported guest
    colleague_name: str = ""
    matched_by: str = ""  # "email" or "name"


@dataclass
class Report:
    source_kind: str
    source_title: str
    dry_run: bool
    posts_new: int = 0
    posts_present: int = 0
    drafts_new: int = 0
    comments_new: int = 0
    comments_present: int = 0
    images_new: int = 0
    images_present: int = 0
    post_authors: list[str] = field(default_factory=list)  # the names of the colleagues the posts come under
    authors: list[Author] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (what, why)
    images_failed: list[tuple[str, str]] = field(default_factory=list)  # (address, why): left as a link
    notes: list[str] = field(default_factory=list)  # what was changed to fit, e.g. a reply whose parent is missing
    error: str = ""  # why an import that was confirmed did not happen

    def as_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        data = dict(data)
        data["authors"] = [Author(**author) for author in data.get("authors", [])]
        data["skipped"] = [tuple(item) for item in data.get("skipped", [])]
        data["images_failed"] = [tuple(item) for item in data.get("images_failed", [])]
        return cls(**data)

    @property
    def nothing_new(self):
        return not (self.posts_new or self.comments_new or self.images_new)

    def lines(self):
        """The report as plain lines, for the command line."""
        yield _("Berichten: %(new)d nieuw, %(present)d al aanwezig") % {
            "new": self.posts_new,
            "present": self.posts_present,
        } + (
            ngettext(" (waarvan %(drafts)d concept)", " (waarvan %(drafts)d concepten)", self.drafts_new)
            % {"drafts": self.drafts_new}
            if self.drafts_new
            else ""
        )
        yield _("Reacties: %(new)d nieuw, %(present)d al aanwezig") % {
            "new": self.comments_new,
            "present": self.comments_present,
        }
        yield _("Afbeeldingen: %(new)d nieuw, %(present)d al aanwezig") % {
            "new": self.images_new,
            "present": self.images_present,
        }
        if self.post_authors:
            yield _("De berichten komen op naam van: %(names)s") % {"names": ", ".join(self.post_authors)}
        for author in self.authors:
            who = (
                _("wordt %(name)s (@%(username)s)") % {"name": author.colleague_name, "username": author.colleague}
                if author.colleague
                else _("blijft onder de eigen naam, gemarkeerd als uit de import")
            )
            yield f"  {author.name} <{author.email}>: {who}"
        for what, why in self.skipped:
            yield _("Overgeslagen: %(what)s (%(why)s)") % {"what": what, "why": why}
        for address, why in self.images_failed:
            yield _("Afbeelding niet opgehaald, blijft een link: %(address)s (%(why)s)") % {
                "address": address,
                "why": why,
            }
        yield from self.notes
