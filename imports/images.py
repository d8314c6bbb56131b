"""The images in imported posts: found in the text, brought in once, checked as uploads are.

An image comes from the upload itself (Blognet's own export zip) or is fetched from its address
through imports.fetch (its rules against server-side request forgery); either way it is judged by
content, bytes and pixels and re-encoded by blognet.images, like an upload in the editor, and
kept as a PostImage known by its address (a SourceItem), so a second import fetches nothing. An
image that cannot be brought in stays a link to its old address and is listed in the report.
"""

import re
from urllib.parse import urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from blognet.images import StorageFailed, open_checked, reencode, save_with_file
from blogs.forms import MAX_IMAGE_WIDTH
from blogs.models import PostImage

from .errors import ImportRefused
from .fetch import FetchRefused, fetch
from .models import SourceItem

_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
_ALT = re.compile(r"""\balt\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
_IN_MARKDOWN = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?[^)]*\)")
_LINKED_IN_MARKDOWN = re.compile(r"\[!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?[^)]*\)\]\(\s*<?([^)\s>]+)>?[^)]*\)")


def found_in(post, base):
    """The images `post` shows, as {absolute address: alt text}, in the order they appear."""
    found = {}
    if post.markdown is not None:
        for alt, address in _IN_MARKDOWN.findall(post.markdown):
            found.setdefault(_absolute(address, base), alt)
    else:
        for tag in _IMG_TAG.findall(post.html):
            src, alt = _SRC.search(tag), _ALT.search(tag)
            if src:
                found.setdefault(_absolute(src.group(2), base), alt.group(2) if alt else "")
    return {
        address: alt or post.title  # an image needs a description; the post's title says most
        for address, alt in found.items()
        if urlsplit(address).scheme in ("http", "https")
    }


def point_to_copies(markdown, copies, base):
    """`markdown` with each image brought in shown from its copy, and each image that could not be
    brought in turned into a link to its old address (an image from another site would not show:
    Blognet's pages load images from Blognet only). A linked image that failed becomes its link."""

    def linked(match):
        alt, address, target = match.group(1), _absolute(match.group(2), base), match.group(3)
        if address in copies:
            return f"[![{alt}]({copies[address]})]({target})"
        return f"[{alt or target}]({target})"

    def image(match):
        alt, address = match.group(1), _absolute(match.group(2), base)
        if address in copies:
            return f"![{alt}]({copies[address]})"
        return f"[{alt or address}]({match.group(2)})"

    return _IN_MARKDOWN.sub(image, _LINKED_IN_MARKDOWN.sub(linked, markdown))


def _absolute(address, base):
    return urljoin(base, address.strip().replace("&amp;", "&")) if base else address.strip().replace("&amp;", "&")


def known_copies(addresses, *, blog, key_of):
    """{address: the stored copy's URL} for the images of `addresses` brought into `blog` before."""
    keys = {key_of(address): address for address in addresses}
    known = SourceItem.objects.filter(blog=blog, kind=SourceItem.Kind.IMAGE, source_key__in=keys)
    return {keys[item.source_key]: item.image.image.url for item in known.select_related("image")}


def bring_in(addresses, *, blog, files, uploaded_by, key_of, report):
    """Store each image of `addresses` ({address: alt}) not brought into `blog` before; return
    {address: the stored copy's URL} for all of them that are there now.

    Each image is stored in its own small transaction, before the posts are written: a fetch may
    take seconds and must not hold the database's write lock, and an import that fails later
    finds its images stored already when it is run again.
    """
    copies = known_copies(addresses, blog=blog, key_of=key_of)
    report.images_present += len(copies)
    for address, alt in addresses.items():
        if address in copies:
            continue
        try:
            data = files[address]() if address in files else fetch(address).data
            image = open_checked(ContentFile(data, name=_file_name(address)))
            stored = PostImage(
                image=reencode(image, max_width=MAX_IMAGE_WIDTH, name=_file_name(address)),
                alt_text=(alt or "")[:250],
                uploaded_by=uploaded_by,
            )
            with transaction.atomic():
                save_with_file(stored)
                SourceItem.objects.create(
                    blog=blog, kind=SourceItem.Kind.IMAGE, source_key=key_of(address), image=stored
                )
        except (FetchRefused, ImportRefused) as refusal:  # ImportRefused: an image in the zip too big or damaged
            report.images_failed.append((address, str(refusal)))
            continue
        except ValidationError as error:
            report.images_failed.append((address, " ".join(error.messages)))
            continue
        except StorageFailed as error:
            report.images_failed.append((address, str(error)))
            continue
        copies[address] = stored.image.url
        report.images_new += 1
    return copies


def _file_name(address):
    return urlsplit(address).path.rsplit("/", 1)[-1] or "afbeelding"
