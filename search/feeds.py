from html import unescape

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from blognet.feeds import ReaderFeed

from .forms import SearchForm
from .services import results, search


class SearchFeed(ReaderFeed):
    """The newest 30 results of a search, as the reader of the feed may find them (?token=...)."""

    def get_object(self, request, *args, **kwargs):
        reading = super().get_object(request, *args, **kwargs)
        form = SearchForm(request.GET)
        reading.subject = (form, form.query(), request.GET.urlencode())
        return reading

    def title(self, reading):
        form = reading.subject[0]
        return _("Zoeken naar “%(text)s” · Blognet") % {"text": form.cleaned_data.get("q", "")}

    def link(self, reading):
        return reverse("search:search_results") + "?" + reading.subject[2]

    def items(self, reading):
        form, query, _address = reading.subject
        if not query:
            return []
        return results(search(reading.reader, query, **form.filters())[:30], query)

    def item_title(self, item):
        return unescape(strip_tags(item.heading_html))

    def item_description(self, item):
        return unescape(strip_tags(item.snippet_html))

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.date

    def item_author_name(self, item):
        return item.author.name if item.author else None
