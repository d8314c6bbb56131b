"""Checking and re-encoding uploaded images with Pillow.

Every upload is judged by its content (never its file name), limited in bytes and in
pixels (a decompression bomb is refused before it is decoded), and re-encoded: that
drops EXIF (GPS included) after the orientation has been applied.
"""

import io
import warnings
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def _refuse(message, code):
    raise ValidationError(message, code=code)


def open_checked(upload):
    """Open an uploaded file as a fully decoded image, or raise ValidationError."""
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
        try:
            image.load()
        except (OSError, SyntaxError, ValueError):
            _refuse(_("Deze afbeelding is beschadigd of onvolledig."), "broken")
    return image


def reencode(image, *, max_width, name, square=False):
    """Return a ContentFile with the image upright, scaled down and stripped of metadata."""
    image_format = image.format
    image = ImageOps.exif_transpose(image)
    if square:
        image = ImageOps.fit(image, (max_width, max_width))
    elif image.width > max_width:
        image.thumbnail((max_width, max_width * 10))
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if image_format in ("PNG", "WEBP", "GIF") and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    out = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "WEBP": {"quality": 85}}.get(image_format, {})
    image.save(out, format=image_format, **options)
    return ContentFile(out.getvalue(), name=f"{Path(name).stem[:60] or 'afbeelding'}.{ACCEPTED_FORMATS[image_format]}")
