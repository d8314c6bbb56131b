"""Why an uploaded export is refused, said to the person who uploaded it."""

from django.utils.translation import gettext as _


class ImportRefused(Exception):
    """The upload cannot be imported; str() is a Dutch (gettext) message for the uploader.

    `code` names the reason for code that reacts to it, as a ValidationError's code does.
    """

    def __init__(self, message, *, code):
        super().__init__(message)
        self.code = code

    @classmethod
    def not_an_export(cls):
        # Raised wherever the content stops looking like an export (no XML, another kind of XML,
        # an Atom feed that is no Blogger backup), so the uploader reads the same sentence.
        return cls(_("Dit bestand is geen export van Blogger of WordPress."), code="not_an_export")
