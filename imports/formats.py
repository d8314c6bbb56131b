"""From an uploaded file to the neutral shape: unpack it if need be, then hand it to its reader.

What a file is, is read from its first bytes and its root element, never from its name: people
rename exports, and Blogger's and WordPress's are both ".xml". Unpacked bytes are counted as
they come out, so a gzip or zip bomb is refused after BLOGNET_IMPORT_MAX_BYTES, not after it has
filled the disk or memory.
"""

import os
import re
import zipfile
import zlib
from gzip import GzipFile
from pathlib import PurePosixPath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import blogger, wordpress
from .errors import ImportRefused
from .safexml import CHUNK_BYTES, XmlStream

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with files; an empty zip
ATOM_FEED = "{http://www.w3.org/2005/Atom}feed"
WXR_NAMESPACE = re.compile(r"http://wordpress\.org/export/[^/]+/")
# Blognet's own export zip holds one .xml beside its images in media/; Takeout and people's own
# zips hold one export (Takeout's is "feed.atom") and perhaps other things, which are ignored.
MEDIA_FOLDER = "media/"
EXPORT_SUFFIXES = (".xml", ".atom")
IGNORED_FOLDERS = ("__MACOSX/",)
ZIP_MAX_MEMBERS = 20_000
# zipfile asks deflate for a bounded amount at a time, but lets bzip2 and LZMA unpack all that one
# read of packed bytes holds: a few kilobytes of those can be gigabytes before anything is counted.
ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def read_export(fileobj, *, name=""):
    """The blog in `fileobj` (a seekable binary file): a Blogger or WordPress export as XML,
    gzipped, or in a zip. Raises ImportRefused, with the reason for the uploader, if it is not one
    or cannot be read safely; `name` (the uploaded file's) only makes that message clearer.

    SourceBlog.files, filled from Blognet's own export zip, reads its images from `fileobj` when
    they are asked for: keep the file open while using them.
    """
    try:
        return _read(fileobj)
    except ImportRefused as refused:
        if refused.code != "not_an_export" or not name:
            raise
        raise ImportRefused(
            _("„%(name)s” is geen export van Blogger of WordPress.") % {"name": name}, code=refused.code
        ) from None


def _read(fileobj):
    fileobj.seek(0)
    magic = fileobj.read(4)
    fileobj.seek(0)
    media = {}
    if not magic:
        raise ImportRefused(_("Dit bestand is leeg."), code="empty")
    if magic.startswith(GZIP_MAGIC):
        stream = _Unpacked(GzipFile(fileobj=fileobj, mode="rb"))
    elif magic.startswith(ZIP_MAGIC):
        stream, media = _open_zip(fileobj)
    else:
        fileobj.seek(0, os.SEEK_END)
        size = fileobj.tell()
        fileobj.seek(0)
        if size > settings.BLOGNET_IMPORT_MAX_BYTES:
            raise ImportRefused(
                _("Dit bestand is groter dan %(max)s; zo grote exports neemt Blognet niet aan.")
                % {"max": filesizeformat(settings.BLOGNET_IMPORT_MAX_BYTES)},
                code="too_big",
            )
        stream = fileobj
    document = XmlStream(stream)
    root = document.root
    if root.tag == ATOM_FEED:
        return blogger.read(document)
    if root.tag == "rss":
        namespace = next((uri for uri in root.nsmap.values() if WXR_NAMESPACE.fullmatch(uri)), None)
        if namespace:
            return wordpress.read(document, namespace=namespace, media=media)
        raise ImportRefused(
            _(
                "Dit is een RSS-feed, geen export van WordPress. Maak in WordPress een export via "
                "Extra → Exporteren → Alle inhoud en upload dat bestand."
            ),
            code="feed",
        )
    raise ImportRefused.not_an_export()


def _unpacked_too_big():
    return ImportRefused(
        _("Dit bestand is groter dan %(max)s na uitpakken; zo grote exports neemt Blognet niet aan.")
        % {"max": filesizeformat(settings.BLOGNET_IMPORT_MAX_BYTES)},
        code="too_big",
    )


def _damaged():
    return ImportRefused(
        _("Dit bestand is beschadigd of niet helemaal gedownload: het kon niet worden uitgepakt."),
        code="damaged",
    )


class _Unpacked:
    """The bytes coming out of a gzip file or zip member, counted against the import limit."""

    def __init__(self, packed):
        self._packed = packed
        self._count = 0

    def read(self, size):
        try:
            data = self._packed.read(size)
        except (OSError, EOFError, zlib.error, zipfile.BadZipFile):
            raise _damaged() from None
        self._count += len(data)
        if self._count > settings.BLOGNET_IMPORT_MAX_BYTES:
            raise _unpacked_too_big()
        return data


def _is_outside(member_name):
    """Whether a member's name points outside the folder it would be unpacked in."""
    path = member_name.replace("\\", "/")
    return path.startswith("/") or re.match(r"[A-Za-z]:", path) is not None or ".." in path.split("/")


def _open_zip(fileobj):
    """The export inside a zip as a stream, and its media/ files as loaders by their path in media/."""
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise _damaged() from None
    members = [info for info in archive.infolist() if not info.is_dir()]
    if len(members) > ZIP_MAX_MEMBERS:
        raise ImportRefused(
            _("Dit zipbestand bevat meer dan %(max)d bestanden.") % {"max": ZIP_MAX_MEMBERS}, code="zip"
        )
    for info in members:
        if _is_outside(info.filename):
            raise ImportRefused(
                _("Dit zipbestand bevat een bestandsnaam die buiten de map wijst: %(name)s") % {"name": info.filename},
                code="zip",
            )
        if info.flag_bits & 0x1:
            raise ImportRefused(
                _("Dit zipbestand is met een wachtwoord beveiligd; upload het zonder wachtwoord."), code="zip"
            )
        if info.compress_type not in ZIP_METHODS:
            raise ImportRefused(
                _("Dit zipbestand is ingepakt op een manier die Blognet niet kent; maak een gewone zip (deflate)."),
                code="zip",
            )
    # zipfile never unpacks a member past the size its header gives, so this bounds all unpacking.
    if sum(info.file_size for info in members) > settings.BLOGNET_IMPORT_MAX_BYTES:
        raise _unpacked_too_big()
    exports = [
        info
        for info in members
        if info.filename.lower().endswith(EXPORT_SUFFIXES)
        and not info.filename.startswith((MEDIA_FOLDER, *IGNORED_FOLDERS))
    ]
    if not exports:
        raise ImportRefused(_("In dit zipbestand staat geen export (geen .xml-bestand)."), code="zip")
    if len(exports) > 1:
        names = ", ".join(info.filename for info in exports)
        raise ImportRefused(
            _("In dit zipbestand staan meer exports (%(names)s); zet ze een voor een over.") % {"names": names},
            code="zip",
        )
    media = {
        info.filename.removeprefix(MEDIA_FOLDER): _loader(archive, info)
        for info in members
        if info.filename.startswith(MEDIA_FOLDER)
    }
    return _Unpacked(archive.open(exports[0])), media


def _loader(archive, info):
    """A function returning the bytes of one image in the zip, refused above the upload limit."""

    def load():
        limit = settings.BLOGNET_MAX_UPLOAD_BYTES
        if info.file_size > limit:
            raise ImportRefused(
                _("De afbeelding %(name)s is groter dan %(max)s.")
                % {"name": PurePosixPath(info.filename).name, "max": filesizeformat(limit)},
                code="image_too_big",
            )
        try:
            with archive.open(info) as member:
                return b"".join(iter(lambda: member.read(CHUNK_BYTES), b""))
        except (OSError, EOFError, zlib.error, zipfile.BadZipFile):
            raise _damaged() from None

    return load
