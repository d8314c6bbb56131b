"""The one place Blognet parses XML that comes from outside: an uploaded export, read as a stream.

An export is XML from whoever uploaded it, so the parser gets no way to reach beyond the bytes it
is given: no entities resolved, no DTD loaded, nothing fetched. A document type declaration is
refused outright, as WordPress's own importer does: exports never have one, and it is where the
entity attacks live (billion laughs, quadratic blowup, an external entity reading /etc/passwd). It
is refused from the bytes before the root element, before libxml2 sees any of them, and checked
again on the parsed document.

The document is read element by element and what was read is released, so memory stays flat
however long the export is.
"""

import codecs
import re

from django.utils.translation import gettext as _
from lxml import etree

from .errors import ImportRefused

CHUNK_BYTES = 64 * 1024
# Whatever stands before the root element (the XML declaration, WordPress's comment about the
# file) is a few hundred bytes in a real export.
PROLOG_MAX_BYTES = 1024 * 1024
# Elements read and not yet released: a post with a thousand comments is some fifteen thousand.
# Without a bound, 100 MB of "<x/>" in one post would be 25 million elements: gigabytes in libxml2.
HELD_MAX_ELEMENTS = 500_000

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "attribute_defaults": False,
    "huge_tree": False,  # keeps libxml2's limits on depth and on the length of one text
    "collect_ids": False,
    "remove_comments": True,
    "remove_pis": True,
}

# Encodings in which every character of markup is the ASCII byte the prolog check reads (UTF-16
# is decoded for the check). Any other declared encoding could hide a DOCTYPE from the check.
_ASCII_ENCODINGS = {
    "utf-8",
    "utf8",
    "us-ascii",
    "ascii",
    "iso-8859-1",
    "latin-1",
    "latin1",
    "iso-8859-15",
    "windows-1252",
}
_UTF16 = {codecs.BOM_UTF16_LE: "utf-16", codecs.BOM_UTF16_BE: "utf-16", b"<\x00": "utf-16-le", b"\x00<": "utf-16-be"}
# What may stand before the root element; white space as XML counts it, not as Unicode does.
_MISC = re.compile(r"[ \t\r\n]+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_DECLARED_ENCODING = re.compile(r"<\?xml\s[^?]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_DOCTYPE = re.compile(r"<!DOCTYPE(?:\s+([^\s\[>]+))?", re.IGNORECASE)
_ROOT = re.compile(r"<[^\W\d]|<[_:]")


def _doctype_refused():
    return ImportRefused(
        _(
            "Dit bestand bevat een DOCTYPE-verklaring; die accepteert Blognet niet, omdat ze kan worden "
            "gebruikt om de server aan te vallen. Exports van Blogger en WordPress hebben er geen."
        ),
        code="doctype",
    )


def _decoded_prolog(head):
    """The start of the file as text for the prolog check; refuses an encoding the check cannot read."""
    codec = _UTF16.get(head[:2])
    if codec:
        text = head[: len(head) // 2 * 2].decode(codec, errors="replace").lstrip("\ufeff")
        allowed = {"utf-16", "utf-16le", "utf-16be"}
    else:
        text = head.removeprefix(codecs.BOM_UTF8).decode("latin-1")
        allowed = _ASCII_ENCODINGS
    declared = _DECLARED_ENCODING.match(text)
    if declared and declared.group(1).lower() not in allowed:
        raise ImportRefused(
            _("Dit bestand gebruikt de tekenset %(encoding)s; Blognet leest exports in UTF-8.")
            % {"encoding": declared.group(1)},
            code="encoding",
        )
    return text


def _root_is_next(text, *, at_end):
    """True once `text` reaches the root element with nothing but the XML declaration, comments,
    processing instructions and white space before it; False while more of the file is needed."""
    position = 0
    while (misc := _MISC.match(text, position)) and misc.end() > position:
        position = misc.end()
    rest = text[position:]
    if doctype := _DOCTYPE.match(rest):
        if (doctype.group(1) or "").lower() == "html":
            raise ImportRefused.not_an_export()  # a saved web page, no attack
        raise _doctype_refused()
    if _ROOT.match(rest):
        return True
    cut_off = rest.startswith(("<?", "<!--")) or any(start.startswith(rest.upper()) for start in ("<!--", "<!DOCTYPE"))
    if cut_off and not at_end:
        return False
    raise ImportRefused.not_an_export()


def _read_prolog(stream):
    head = b""
    while True:
        chunk = stream.read(CHUNK_BYTES)
        head += chunk
        if _root_is_next(_decoded_prolog(head), at_end=not chunk):
            return head
        if len(head) > PROLOG_MAX_BYTES:
            raise ImportRefused.not_an_export()


class XmlStream:
    """An XML document read from a binary stream: its root element at once (its name and
    namespaces; its content still to come), then its elements one by one as they close.

    Malformed XML raises ImportRefused, never an lxml error.
    """

    def __init__(self, stream):
        self._stream = stream
        self._parser = etree.XMLPullParser(events=("start", "end"), **_PARSER_OPTIONS)
        self._events = self._parse(_read_prolog(stream))
        self._held = 0
        _, self.root = next(self._events)
        if self.root.getroottree().docinfo.doctype:
            raise _doctype_refused()

    def _parse(self, data):
        try:
            while data:
                self._parser.feed(data)
                yield from self._parser.read_events()
                data = self._stream.read(CHUNK_BYTES)
            self._parser.close()
            yield from self._parser.read_events()
        except etree.XMLSyntaxError as error:
            raise ImportRefused(
                _(
                    "Dit bestand is geen geldige XML (fout op regel %(line)d). Misschien is het beschadigd "
                    "of niet helemaal gedownload; maak de export opnieuw."
                )
                % {"line": error.lineno or 1},
                code="malformed",
            ) from None

    def __iter__(self):
        """Each element once it is complete (its text and children read), in document order."""
        for event, element in self._events:
            if event == "end":
                self._held += 1
                if self._held > HELD_MAX_ELEMENTS:
                    raise ImportRefused(
                        _(
                            "Een bericht in dit bestand is te groot om in te lezen: "
                            "het bestaat uit te veel XML-elementen."
                        ),
                        code="too_complex",
                    )
                yield element

    def release(self, element):
        """Forget `element`, its content and the siblings before it: they have been read."""
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
        self._held = 0
