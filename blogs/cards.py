"""Post cards from the cache: what a card shows is the same for every reader but one badge.

A card's key is made of everything the card shows (title, excerpt, dates, status, comment count,
tags, author, blog, language), so an edit, a new comment or a renamed colleague makes a new key:
a stale card is never shown and nothing needs invalidating. The "nieuw" badge, which depends on
the reader's previous visit, is a slot filled in per reader (blogs.fragments.fill).
"""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from . import marks
from .fragments import cached, fill, new_slot

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


def shared_cards(posts):
    """The HTML of each post's card with its badge slot, from one cache round trip for the whole list."""
    keys, found = _cached(posts)
    return [found[key] for key in keys]


def page_of_cards(request, name, posts):
    """The cards of a page of posts (a queryset not read yet), the page being a fragment named `name`
    (blogs.fragments). What the fragment holds is the cards' keys: each card is cached once however
    many pages and generations show it, so a worker keeps twenty keys per page, not twenty cards."""
    keys = cached(request, name, lambda: _cached(posts)[0])
    found = cache.get_many(keys)
    if len(found) < len(keys):  # a card left the cache (it holds at most MAX_ENTRIES): made again
        return shared_cards(posts)
    return [found[key] for key in keys]


def _cached(posts):
    """The keys of the posts' cards, and the cards, each put in the cache when it was not there."""
    posts = list(posts)
    keys = [_key(post) for post in posts]
    found = cache.get_many(keys)
    missing = {}
    for post, key in zip(posts, keys, strict=True):
        if key not in found:
            badge = new_slot(post.published_at, post.author_id) if post.published_at else ""
            found[key] = missing[key] = render_to_string(
                "blogs/includes/post_card.html", {"post": post, "badge": badge, "marks": marks.slot(post)}
            )
    cache.set_many(missing, TIMEOUT)
    return keys, found


def for_reader(shared, *, reader, previous_visit):
    """Shared cards with their slots filled: "nieuw" for this reader, and each post's marks as
    they are now ("Voorstel · nog 3 dagen", from blogs.marks), "Gevolgd" among them."""
    return marks.fill([fill(card, reader=reader, previous_visit=previous_visit) for card in shared], reader)


def cards(posts, *, reader, previous_visit):
    """The HTML of each post's card for `reader`."""
    return for_reader(shared_cards(posts), reader=reader, previous_visit=previous_visit)
