from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from blognet.feeds import ReaderFeed

from .marks import marks_for
from .models import Blog, Post, Tag

FEED_LENGTH = 30


class PostFeed(ReaderFeed):
    def items(self, reading):
        posts = Post.objects.published_for(reading.reader).for_listing()
        posts = list(self.filter_posts(posts, reading.subject)[:FEED_LENGTH])
        marks = marks_for(post.pk for post in posts)
        for post in posts:
            post.marks = marks.get(post.pk, [])
        return posts

    def filter_posts(self, posts, subject):
        return posts

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        """The excerpt, after the post's state where it has one ("Voorstel · nog 3 dagen — ...")."""
        return " — ".join([*(mark.text for mark in post.marks), post.excerpt])

    def item_extra_kwargs(self, post):
        return {"content": post.body_html}

    def item_author_name(self, post):
        return post.author.name

    def item_author_link(self, post):
        return post.author.get_absolute_url()

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_categories(self, post):
        return [tag.name for tag in post.tags.all()]

    def item_guid(self, post):
        return f"urn:blognet:post:{post.pk}"

    item_guid_is_permalink = False


class LatestPostsFeed(PostFeed):
    def title(self):
        return _("Blognet: alle berichten")

    def link(self):
        return reverse("blogs:front_page")

    def feed_guid(self):
        return "urn:blognet:feed:all"


class BlogFeed(PostFeed):
    def get_subject(self, reader, blog_slug):
        return get_object_or_404(Blog, slug=blog_slug)

    def filter_posts(self, posts, blog):
        return posts.filter(blog=blog)

    def title(self, reading):
        return reading.subject.title

    def link(self, reading):
        return reading.subject.get_absolute_url()

    def feed_guid(self, reading):
        return f"urn:blognet:feed:blog:{reading.subject.pk}"


class TagFeed(PostFeed):
    def get_subject(self, reader, tag_slug):
        return get_object_or_404(Tag, slug=tag_slug)

    def filter_posts(self, posts, tag):
        return posts.filter(tags=tag)

    def title(self, reading):
        return _("Blognet: berichten met tag #%(name)s") % {"name": reading.subject.name}

    def link(self, reading):
        return reading.subject.get_absolute_url()

    def feed_guid(self, reading):
        return f"urn:blognet:feed:tag:{reading.subject.pk}"
