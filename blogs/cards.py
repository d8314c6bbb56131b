"""Post cards from the cache: what a card shows is the same for every reader but one badge.

A card's key is made of everything the card shows (title, excerpt, dates, status, comment count,
tags, author, blog, language), so an edit, a new comment or a renamed colleague makes a new key:
a stale card is never shown and nothing needs invalidating. The "nieuw" badge, which depends on
the reader's previous visit, is put in per reader.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

BADGE_SLOT = "<!--blognet:nieuw-->"
TIMEOUT = 24 * 3600  # cards of old posts leave the cache by themselves


def _key(post):
    author, blog = post.author, post.blog
    shown = [
        translation.get_language(),
        post.pk,
        post.slug,
        post.updated_at.isoformat(),
        post.published_at.isoformat() if post.published_at else "",
        post.status,
        post.is_scheduled(),
        post.comment_count,
        author.pk,
        author.name,
        author.avatar_thumbnail.name,
        blog.slug,
        blog.title,
        blog.is_personeelsblog,
        *(f"{tag.slug}={tag.name}" for tag in post.tags.all()),
    ]
    return "card:" + hashlib.sha256("\x1f".join(map(str, shown)).encode()).hexdigest()


def cards(posts, *, reader, previous_visit):
    """The HTML of each post's card for `reader`, from one cache round trip for the whole list."""
    posts = list(posts)
    keys = [_key(post) for post in posts]
    found = cache.get_many(keys)
    missing = {}
    for post, key in zip(posts, keys, strict=True):
        if key not in found:
            found[key] = missing[key] = render_to_string(
                "blogs/includes/post_card.html", {"post": post, "badge": mark_safe(BADGE_SLOT)}
            )
    cache.set_many(missing, TIMEOUT)
    badge = format_html('<span class="badge text-bg-primary align-middle me-1">{}</span>', _("nieuw"))
    return [
        mark_safe(found[key].replace(BADGE_SLOT, badge if _is_new(post, reader, previous_visit) else "", 1))
        for post, key in zip(posts, keys, strict=True)
    ]


def _is_new(post, reader, previous_visit):
    return bool(previous_visit and post.published_at and post.published_at > previous_visit) and (
        post.author_id != reader.pk
    )
