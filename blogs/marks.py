"""Marks that higher apps put on a post wherever it is listed: "Voorstel · nog 3 dagen",
"Afspraak · Wilma · 15 januari" (decisions). blogs may not import those apps, so they register a
provider here when Django starts (decisions does in its AppConfig.ready), as with signals.

A provider takes a list of posts and returns {post id: Mark}; it is asked once per list, so a
page of cards costs it a bounded number of queries.
"""

from dataclasses import dataclass

from django.utils.html import format_html


@dataclass(frozen=True)
class Mark:
    text: str
    style: str = "text-bg-secondary"  # a Bootstrap badge class

    def html(self):
        return format_html('<span class="badge {} post-mark">{}</span>', self.style, self.text)


_providers = []


def provide(provider):
    """Register `provider(posts) -> {post id: Mark}`; usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def marks_for(posts):
    """{post id: [Mark, ...]} for `posts`, from every provider."""
    posts = list(posts)
    found = {}
    if posts:
        for provider in _providers:
            for post_id, mark in provider(posts).items():
                found.setdefault(post_id, []).append(mark)
    return found
