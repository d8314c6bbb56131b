"""A long part of a page sent while it is made, instead of joined into one string first.

A thread of 1,000 comments is some 2 MB of HTML. Joined, it was copied by every template level
around it, again into bytes and into the response: about 11 MB at once in the worker for the
page, and more for a longer thread. Deferred, the page is rendered around a marker and the long
part goes out in chunks as it is filled; the worker holds one chunk of it at a time.
"""

from django.http import StreamingHttpResponse
from django.utils.safestring import mark_safe

_MARKER = "<!--blognet:streamed-->"
CHUNK = 64 * 1024  # characters per write: few system calls, little memory


def defer(request, parts):
    """Where the HTML of `parts` (an iterable of safe strings, read once) goes in the page."""
    request._streamed_parts = parts
    return mark_safe(_MARKER)


def response(request, rendered):
    """`rendered` as it is, or, when part of it was deferred, streamed with that part in its place."""
    parts = getattr(request, "_streamed_parts", None)
    if parts is None:
        return rendered
    head, _, tail = rendered.content.decode().partition(_MARKER)
    streaming = StreamingHttpResponse(_chunks(head, parts, tail), status=rendered.status_code)
    for name, value in rendered.items():
        streaming[name] = value
    return streaming


def _chunks(head, parts, tail):
    yield head.encode()
    pending, size = [], 0
    for part in parts:
        pending.append(part)
        size += len(part)
        if size >= CHUNK:
            yield "".join(pending).encode()
            pending, size = [], 0
    yield ("".join(pending) + tail).encode()
