"""Comments keeps the mentions of posts: who a published post @mentions is recorded here."""

from django.dispatch import receiver

from blogs.models import Post
from blogs.signals import post_edited, post_published

from .models import Mention
from .signals import post_mentions_recorded


@receiver(post_published, dispatch_uid="comments_post_published")
@receiver(post_edited, dispatch_uid="comments_post_edited")
def record_post_mentions(sender, post, **kwargs):
    mentioned = Mention.record(post=post, author=post.author)
    post_mentions_recorded.send(sender=Post, post=post, mentioned=mentioned)
