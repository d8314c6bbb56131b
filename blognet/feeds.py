"""What every Blognet feed shares: Atom with full content, and who is reading.

A feed reader has no session, so a feed address may carry the reader's private token
(`?token=...`, shown on their profile). The feed then shows exactly what that person may read.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed


class AtomWithContent(Atom1Feed):
    """Atom with the full sanitized HTML in <content>, beside the short <summary>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass
class Reading:
    reader: object  # the person the feed is for (possibly anonymous)
    subject: object = None  # the blog, tag or post the feed is about


class ReaderFeed(Feed):
    feed_type = AtomWithContent

    def __call__(self, request, *args, **kwargs):
        token = request.GET.get("token")
        if token:
            request.feed_reader = get_object_or_404(get_user_model(), feed_token=token, is_active=True)
        elif request.user.is_authenticated or settings.BLOGNET_ANONYMOUS_READING:
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
