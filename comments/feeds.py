from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from blognet.feeds import ReaderFeed
from blogs.models import Post

from .models import Comment


class PostCommentsFeed(ReaderFeed):
    """The conversation under one post, newest first; removed comments are left out."""

    # A comment's summary is its body_html: the sanitized output of the markup pipeline that its
    # page shows, in which typed HTML is already escaped. It is HTML, and said to be.
    summary_type = "html"

    def get_subject(self, reader, post_id):
        return get_object_or_404(Post.objects.published_for(reader).select_related("blog"), pk=post_id)

    def items(self, reading):
        comments = Comment.objects.filter(post=reading.subject).shown().select_related("author", "post__blog")
        return comments.order_by("-created_at", "-id")[:50]

    def title(self, reading):
        return _("Reacties op „%(title)s”") % {"title": reading.subject.title}

    def link(self, reading):
        return reading.subject.get_absolute_url()

    def feed_guid(self, reading):
        return f"urn:blognet:feed:comments:{reading.subject.pk}"

    def item_title(self, comment):
        return _("%(name)s reageerde") % {"name": comment.writer_name}

    def item_description(self, comment):
        return comment.body_html

    def item_author_name(self, comment):
        return comment.writer_name

    def item_pubdate(self, comment):
        return comment.created_at

    def item_guid(self, comment):
        return f"urn:blognet:comment:{comment.pk}"

    item_guid_is_permalink = False
