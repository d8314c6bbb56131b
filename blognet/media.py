"""How an uploaded file goes out once a view has decided who may have it.

Blognet sends the bytes itself, or, when BLOGNET_MEDIA_ACCEL_REDIRECT names nginx's internal
location (README, Production), answers with an empty response whose X-Accel-Redirect header tells
nginx which file to send: then no worker is busy while a photo travels to a slow phone.
With uploads in a private bucket (S3_BUCKET, blognet/storage.py) it redirects to a signed address
of the object that is valid for S3_SIGNED_URL_SECONDS: the redirect itself is kept by nobody, so
every time the picture is asked for again, the check is made again.
"""

import mimetypes
import posixpath
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect

# Permission-checked: a browser may keep its own copy a while, a shared cache none.
CACHE_CONTROL = "private, max-age=3600"


def stored_name(path):
    """`path` from a media address as a storage name, or None when it is not one Blognet stores:
    empty, absolute, with a backslash, a NUL or a `.`/`..` step (nothing outside MEDIA_ROOT)."""
    if not path or path.startswith("/") or "\\" in path or "\x00" in path:
        return None
    if posixpath.normpath(path) != path or path.split("/", 1)[0] == "..":
        return None
    return path


def send(storage, name):
    """The response carrying the stored file `name`; 404 when Blognet serves it and it is gone."""
    if hasattr(storage, "signed_url"):  # blognet.storage.PrivateS3Storage
        response = HttpResponseRedirect(storage.signed_url(name, cache_control=CACHE_CONTROL))
        response["Cache-Control"] = "private, no-store"
        return response
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    prefix = settings.BLOGNET_MEDIA_ACCEL_REDIRECT
    if prefix:
        response = HttpResponse(content_type=content_type)
        # nginx decodes the address, so the name goes percent-encoded (latin-1 only in a header).
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    else:
        try:
            response = FileResponse(storage.open(name, "rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404 from None
    response["Cache-Control"] = CACHE_CONTROL
    return response
