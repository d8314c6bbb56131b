"""The frame of every page: its header, from the cache.

Rendered, the header was a quarter of a front page's time (a dozen links, twenty translations,
whether the reader is a manager). What it shows changes with the reader (their name, their
roles: a write that bumps the content generation), the bell's count and the language, so it is
cached per reader for the content as it is now (blogs.fragments) under the count. The logout
form's CSRF token is the request's own, put in at every request; on the search results the
field holds the query, so that header is made each time.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ..fragments import cached_for_reader

register = template.Library()

_TOKEN_SLOT = "blognet-csrf-token-slot"


@register.simple_tag(takes_context=True)
def site_header(context):
    request = context.get("request")
    reader = getattr(request, "user", None)
    on_results = getattr(getattr(request, "resolver_match", None), "namespace", "") == "search"
    if on_results or reader is None or not reader.is_authenticated:
        return render_to_string("includes/header.html", context.flatten())

    def render():
        return render_to_string("includes/header.html", {**context.flatten(), "csrf_token": _TOKEN_SLOT})

    unread = context.get("unread_notification_count", "")
    html = cached_for_reader(request, f"header:{unread}", render)
    return mark_safe(html.replace(_TOKEN_SLOT, str(context["csrf_token"])))
