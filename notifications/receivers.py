"""Notifications react to the domain signals of the lower apps."""

from django.dispatch import receiver

from blogs.signals import post_edited, post_published
from comments.signals import comment_posted, post_mentions_recorded

from . import services
from .tasks import announce_post


@receiver(comment_posted, dispatch_uid="notifications_comment_posted")
def comment_was_posted(sender, comment, mentioned, **kwargs):
    services.on_comment(comment, mentioned)


@receiver(post_published, dispatch_uid="notifications_post_published")
@receiver(post_edited, dispatch_uid="notifications_post_edited")
def post_was_saved(sender, post, **kwargs):
    services.follow(post.author, post)


@receiver(post_mentions_recorded, dispatch_uid="notifications_post_mentions")
def post_mentions_were_recorded(sender, post, **kwargs):
    if post.is_scheduled():
        # Nobody can open it yet: tell the people it mentions when it appears.
        announce_post.using(run_after=post.published_at).enqueue(post.pk)
    else:
        services.notify_post_mentions(post)
