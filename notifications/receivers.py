"""Notifications react to the domain signals of the lower apps."""

from django.dispatch import receiver

from blogs.signals import post_published
from comments.models import Mention
from comments.signals import comment_posted

from . import services


@receiver(comment_posted, dispatch_uid="notifications_comment_posted")
def comment_was_posted(sender, comment, mentioned, **kwargs):
    services.on_comment(comment, mentioned)


@receiver(post_published, dispatch_uid="notifications_post_published")
def post_was_published(sender, post, **kwargs):
    mentioned = Mention.record(post=post, author=post.author)
    services.on_post_published(post, mentioned)
