"""Checking, re-encoding and storing uploaded images.

Every upload is judged by its content (never its file name), limited in bytes and in
pixels (a decompression bomb is refused before it is decoded), and re-encoded: that
drops EXIF (GPS included) after the orientation has been applied.
"""

import io
import logging
import warnings
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}

logger = logging.getLogger(__name__)


class StorageFailed(Exception):
    """The media storage refused a file; str() of it is the message for the person uploading."""


def save_with_file(instance):
    """Save a model instance together with the uploaded file it holds, or raise StorageFailed.

    Django writes the file before the row, so when the storage fails (a full disk, a media
    folder that cannot be written, an object store that cannot be reached: blognet/storage.py
    turns that into OSError) no row points to a missing file; the savepoint keeps the
    failure from spoiling the request's transaction for what comes after. The cause is logged
    for the administrators; the person uploading gets a message they can act on.
    """
    try:
        with transaction.atomic():
            instance.save()
    except OSError as error:
        logger.exception("Storing an uploaded file for %s failed", instance._meta.label)
        raise StorageFailed(
            _(
                "De afbeelding kon niet worden opgeslagen door een storing bij Blognet. "
                "Probeer het later opnieuw; blijft het misgaan, meld het dan bij de beheerder."
            )
        ) from error


def _refuse(message, code):
    raise ValidationError(message, code=code)


def open_checked(upload):
    """Open an uploaded file as an image checked by content, bytes and pixels, or raise ValidationError.

    Nothing is decoded yet: the header tells the type and the pixel count, so a bomb is refused
    before it costs memory. reencode() decodes the pixels, at the size it needs.
    """
    if upload.size > settings.BLOGNET_MAX_UPLOAD_BYTES:
        _refuse(
            _("Dit bestand is te groot (%(size)s). Het maximum is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(settings.BLOGNET_MAX_UPLOAD_BYTES)},
            "too_large",
        )
    not_an_image = _("Dit bestand is geen afbeelding die Blognet kan gebruiken. Kies een JPEG, PNG, GIF of WebP.")
    too_many_pixels = _("Deze afbeelding heeft te veel pixels. Verklein hem en probeer het opnieuw.")
    upload.seek(0)
    data = upload.read()
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice that; both count as a bomb here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _refuse(too_many_pixels, "too_many_pixels")
        except (OSError, SyntaxError, ValueError):
            _refuse(not_an_image, "invalid_type")
    if image.format not in ACCEPTED_FORMATS:
        _refuse(not_an_image, "invalid_type")
    if image.width * image.height > settings.BLOGNET_MAX_IMAGE_PIXELS:
        _refuse(too_many_pixels, "too_many_pixels")
    return image


def reencode(image, *, max_width, name, square=False):
    """Return a ContentFile with the image upright, scaled down and stripped of metadata.

    The pixels are decoded here, at the smallest size that still serves `max_width`, and the
    picture is turned upright only once it is small: a 40-megapixel upload costs at most its
    one full-size decode (a large JPEG not even that), never further full-size copies. A file
    that ends early is refused.
    To make several sizes of one image, make the largest first: later calls start from the
    pixels the first one decoded. `image` may be turned upright in place.
    """
    image_format = image.format
    try:
        image = _decoded_at(image, max_width, square)
    except (OSError, SyntaxError, ValueError):
        _refuse(_("Deze afbeelding is beschadigd of onvolledig."), "broken")
    ImageOps.exif_transpose(image, in_place=True)
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if image_format in ("PNG", "WEBP", "GIF") and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    out = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "WEBP": {"quality": 85}}.get(image_format, {})
    image.save(out, format=image_format, **options)
    return ContentFile(out.getvalue(), name=f"{Path(name).stem[:60] or 'afbeelding'}.{ACCEPTED_FORMATS[image_format]}")


QUARTER_TURNS = {5, 6, 7, 8}  # EXIF orientations whose upright picture swaps width and height
PREMULTIPLIED = {"RGBA": "RGBa", "LA": "La"}  # how Pillow resamples a picture with transparency


def _decoded_at(image, max_width, square):
    """The pixels of `image` at the size reencode() wants, still as stored (not yet upright).

    Square: the middle square, `max_width` on each side. Otherwise: at most `max_width` wide
    and ten times that high once upright, as Image.thumbnail would make it. A JPEG is decoded
    at 1/2, 1/4 or 1/8 scale where that still leaves the pixels wanted (Image.draft: the
    decoder's scaling drops each block's fine detail, so unlike reduce() it needs no margin).
    Then the picture is reduced in whole steps before the final resampling, leaving it twice
    the size wanted (as Image.thumbnail did for post images) or, for the small square whose
    reduced copy costs nothing, three times (as good as resampling it whole, Pillow says).
    """
    width, height = image.size
    gap = 3.0 if square else 2.0
    if square:
        side = min(width, height)
        size = (max_width, max_width)
        crop = ((width - side) / 2, (height - side) / 2, (width + side) / 2, (height + side) / 2)
    else:
        turned = image.getexif().get(ExifTags.Base.Orientation) in QUARTER_TURNS
        shown_width, shown_height = (height, width) if turned else (width, height)
        if shown_width <= max_width:
            image.load()
            return image
        scale = min(max_width / shown_width, 10 * max_width / shown_height)
        size = (max(round(width * scale), 1), max(round(height * scale), 1))
        crop = (0, 0, width, height)
    drafted = image.draft(None, size)  # None for every format but JPEG
    if drafted:
        reduced_by = width / drafted[1][2]  # the decoder's scale; the crop is in the original's pixels
        crop = tuple(edge / reduced_by for edge in crop)
    factor = int(min((crop[2] - crop[0]) / size[0], (crop[3] - crop[1]) / size[1]) / gap)
    if image.mode in PREMULTIPLIED and factor > 1:
        return _resized_with_transparency(image, size, crop, factor)
    return image.resize(size, Image.Resampling.BICUBIC, box=crop, reducing_gap=gap)


def _resized_with_transparency(image, size, crop, factor):
    """Image.resize for a picture with transparency, without a premultiplied full-size copy.

    Pillow premultiplies the colours by the alpha before resampling, converting the whole
    decoded picture first (another 160 MB at 40 megapixels). Here each band of rows is
    premultiplied and reduced `factor` times on its own; the reduced picture is then resampled.
    """
    premultiplied = PREMULTIPLIED[image.mode]
    left, top, right, bottom = (round(edge) for edge in crop)
    rows = factor * max(256 // factor, 1)  # about 256 rows, a whole number of reduction steps
    reduced = Image.new(premultiplied, (-(-(right - left) // factor), -(-(bottom - top) // factor)))
    for y in range(top, bottom, rows):
        band = image.crop((left, y, right, min(y + rows, bottom))).convert(premultiplied)
        reduced.paste(band.reduce(factor), (0, (y - top) // factor))
    # The exact box, as Image.resize passes it: a last reduced pixel may stand for part of a step.
    box = (0, 0, (right - left) / factor, (bottom - top) / factor)
    resized = reduced.resize(size, Image.Resampling.BICUBIC, box=box).convert(image.mode)
    resized.info = image.info.copy()  # as Image.resize keeps it: the EXIF orientation is still to apply
    return resized
