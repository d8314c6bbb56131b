"""What every Blognet feed shares: Atom with full content, and who is reading.

A feed reader has no session, so a feed address may carry the reader's private token
(`?token=...`, shown on their profile). The feed then shows exactly what that person may read.

Every string a feed writes passes through `xml_safe`: one stray control character in a title or
a name would otherwise make Django refuse the whole feed (a 500 until the post drops out of the
newest 30), and U+FFFE/U+FFFF would give XML that no reader parses.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.xmlutils import SimplerXMLGenerator

from .access import may_read
from .text import xml_safe


class XMLSafeGenerator(SimplerXMLGenerator):
    """Writes text and attribute values without the characters XML 1.0 cannot carry."""

    def characters(self, content):
        super().characters(xml_safe(content))

    def startElement(self, name, attrs):
        super().startElement(name, {key: xml_safe(value) for key, value in (attrs or {}).items()})


class AtomWithContent(Atom1Feed):
    """Atom with the full sanitized HTML in <content>, beside the short <summary>.

    Django always writes the summary as type="html". A post's summary is its excerpt, plain text
    with entities decoded, so `<img onerror=...>` shown as code on the page would be live markup
    in every reader that renders summaries: the feed says which type its summaries are.
    """

    def write(self, outfile, encoding):
        # Atom1Feed.write with the XML-safe generator: Django offers no hook to choose it.
        handler = XMLSafeGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": self.feed["summary_type"]})
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass
class Reading:
    reader: object  # the person the feed is for (possibly anonymous)
    subject: object = None  # the blog, tag or post the feed is about


class ReaderFeed(Feed):
    feed_type = AtomWithContent
    summary_type = "text"  # "html" only for item descriptions that came out of render_markdown

    def feed_extra_kwargs(self, obj):
        return {"summary_type": self.summary_type}

    def __call__(self, request, *args, **kwargs):
        token = request.GET.get("token")
        if token:
            request.feed_reader = get_object_or_404(get_user_model(), feed_token=token, is_active=True)
        elif may_read(request.user):
            request.feed_reader = request.user
        else:
            return redirect_to_login(request.get_full_path())
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "private, max-age=300"
        return response

    def get_object(self, request, *args, **kwargs):
        return Reading(reader=request.feed_reader, subject=self.get_subject(request.feed_reader, **kwargs))

    def get_subject(self, reader, **kwargs):
        return None
