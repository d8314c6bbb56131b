"""Fragments of pages that are the same for everybody who may read them, from each worker's cache.

What they show changes only through a write, which bumps the content generation
(blognet.models.ContentGeneration), or when a scheduled post's moment comes. So a fragment's key
holds the generation and the next scheduled publication: after a write or at that moment every
worker makes the fragment anew at its next request, and nobody sees a stale or removed text.
The generation is read once per request, and only by pages that show such fragments.

What differs per reader is left as a slot in the cached HTML and filled in per request (fill()):
"nieuw" since the reader's previous visit (not for their own writing), and how long ago.
"""

import re

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from blognet.models import ContentGeneration

from .models import Post

TIMEOUT = 24 * 3600  # fragments of an old generation leave the cache by themselves
_SLOT = re.compile(r"<!--blognet:(nieuw|ago):([^|>]+)\|(\d*)-->")


def cached(request, name, render, *, expires=None):
    """render()'s value, made once per worker for the content as it is now (and per language).
    `expires(value)` is the moment the value goes stale by time alone (a deadline passing), or
    None: it is kept no longer than that."""
    key = f"fragment:{_state(request)}:{translation.get_language()}:{name}"
    value = cache.get(key)
    if value is None:
        value = render()
        moment = expires(value) if expires else None
        seconds = TIMEOUT if moment is None else min((moment - timezone.now()).total_seconds(), TIMEOUT)
        if seconds > 0:
            cache.set(key, value, seconds)
    return value


def cached_for_reader(request, name, render, *, expires=None):
    """What one reader sees of the content as it is now (what waits for their answer, their
    header): cached() under their id, for pages whose every change bumps the generation."""
    return cached(request, f"reader:{request.user.pk}:{name}", render, expires=expires)


def _state(request):
    """The generation and the next scheduled publication, the same for the whole request."""
    if not hasattr(request, "_fragment_state"):
        generation = ContentGeneration.current()
        key = f"fragment:{generation}:next-publication"
        now = timezone.now()
        upcoming = cache.get(key)
        if upcoming is None or (upcoming and upcoming <= now):
            # "" when nothing is scheduled: the lookup is made once per generation, not per request.
            upcoming = Post.objects.scheduled().order_by("published_at").values_list("published_at", flat=True)
            upcoming = upcoming.first() or ""
            cache.set(key, upcoming, TIMEOUT)
        request._fragment_state = f"{generation}:{upcoming and upcoming.timestamp()}"
    return request._fragment_state


def new_slot(moment, author_id=None):
    """Where the "nieuw" badge goes for readers whose previous visit was before `moment`."""
    return mark_safe(f"<!--blognet:nieuw:{moment.isoformat()}|{author_id or ''}-->")


def ago_slot(moment):
    """Where "3 minuten geleden" goes, told at each request."""
    return mark_safe(f"<!--blognet:ago:{moment.isoformat()}|-->")


def fill(html, *, reader, previous_visit):
    """Cached HTML with its slots filled for `reader`."""
    badge = format_html('<span class="badge text-bg-primary align-middle me-1">{}</span>', _("nieuw"))

    def filled(slot):
        kind, moment, author_id = slot[1], parse_datetime(slot[2]), slot[3]
        if kind == "ago":
            return escape(str(naturaltime(moment)))
        is_new = previous_visit is not None and moment > previous_visit and author_id != str(reader.pk)
        return badge if is_new else ""

    return mark_safe(_SLOT.sub(filled, html))
