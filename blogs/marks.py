"""Marks that higher apps put on a post wherever it is listed: "Voorstel · nog 3 dagen",
"Afspraak · Wilma · 15 januari" (decisions). blogs may not import those apps, so they register a
provider here when Django starts (decisions does in its AppConfig.ready), as with signals.

A provider takes a list of post ids and returns {post id: Mark}; it is asked once per list, so
a page of cards costs it a bounded number of queries. Marks change with time ("nog 3 dagen"), so
a cached card holds a slot for them (slot()), filled at each request (fill()).
"""

import re
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe

_SLOT = re.compile(r"<!--blognet:marks:(\d+)-->")


@dataclass(frozen=True)
class Mark:
    text: str
    style: str = "text-bg-secondary"  # a Bootstrap badge class

    def html(self):
        return format_html('<span class="badge {} post-mark mt-2">{}</span>', self.style, self.text)


_providers = []


def provide(provider):
    """Register `provider(post_ids) -> {post id: Mark}`; usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def marks_for(post_ids):
    """{post id: [Mark, ...]} for the posts with these ids, from every provider."""
    post_ids = list(post_ids)
    found = {}
    if post_ids:
        for provider in _providers:
            for post_id, mark in provider(post_ids).items():
                found.setdefault(post_id, []).append(mark)
    return found


def slot(post):
    return mark_safe(f"<!--blognet:marks:{post.pk}-->")


def fill(cards):
    """The cards' mark slots filled with each post's marks as they are now (one ask per list)."""
    marks = marks_for({int(post_id) for card in cards for post_id in _SLOT.findall(card)})

    def filled(found):
        return "".join(mark.html() for mark in marks.get(int(found[1]), []))

    return [mark_safe(_SLOT.sub(filled, card)) for card in cards]
