"""Marks that higher apps put on a post wherever it is listed: "Voorstel · nog 3 dagen",
"Afspraak · Wilma · 15 januari" (decisions). blogs may not import those apps, so they register a
provider here when Django starts (decisions does in its AppConfig.ready), as with signals.

A provider takes a list of post ids and returns {post id: Mark}; it is asked once per list, so
a page of cards costs it a bounded number of queries. Marks change with time ("nog 3 dagen"), so
a cached card holds a slot for them (slot()), filled at each request (fill()).

A provider registered with per_reader=True marks what differs per person ("Gevolgd", from
notifications): it takes {post id: (author id, blog id)} and the reader, both told by the card's
slot, so it needs no look at the posts. It is asked only for a page with a reader, never for a feed.
"""

import re
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe

_SLOT = re.compile(r"<!--blognet:marks:(\d+)(?::(\d+):(\d+))?-->")


@dataclass(frozen=True)
class Mark:
    text: str
    style: str = "text-bg-secondary"  # a Bootstrap badge class

    def html(self):
        return format_html('<span class="badge {} post-mark mt-2">{}</span>', self.style, self.text)


_providers = []
_reader_providers = []


def provide(provider, *, per_reader=False):
    """Register `provider(post_ids) -> {post id: Mark}`, or with per_reader
    `provider({post id: (author id, blog id)}, reader)`; usable as a decorator."""
    providers = _reader_providers if per_reader else _providers
    if provider not in providers:
        providers.append(provider)
    return provider


def marks_for(post_ids, reader=None, written=None):
    """{post id: [Mark, ...]} for the posts with these ids, from every provider; given a logged-in
    reader and `written` ({post id: (author id, blog id)}), from the per-reader ones too."""
    post_ids = list(post_ids)
    if not post_ids:
        return {}
    answers = [provider(post_ids) for provider in _providers]
    if reader is not None and reader.is_authenticated and written:
        answers += [provider(written, reader) for provider in _reader_providers]
    found = {}
    for answer in answers:
        for post_id, mark in answer.items():
            found.setdefault(post_id, []).append(mark)
    return found


def slot(post):
    return mark_safe(f"<!--blognet:marks:{post.pk}:{post.author_id}:{post.blog_id}-->")


def fill(cards, reader=None):
    """The cards' mark slots filled with each post's marks as they are now (one ask per list)."""
    slots = [found.groups() for card in cards for found in _SLOT.finditer(card)]
    written = {int(pk): (int(author), int(blog)) for pk, author, blog in slots if author}
    marks = marks_for({int(pk) for pk, _, _ in slots}, reader, written)

    def filled(found):
        return "".join(mark.html() for mark in marks.get(int(found[1]), []))

    return [mark_safe(_SLOT.sub(filled, card)) for card in cards]
