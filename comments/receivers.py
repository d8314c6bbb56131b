"""Comments keeps the mentions of posts: who a published post @mentions is recorded here; and a
comment deleted outright (in the admin) changes what cached fragments show."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from blognet.models import bump_on_delete
from blogs.models import Post
from blogs.signals import post_edited, post_published

from .models import Comment, Mention
from .signals import post_mentions_recorded


@receiver(post_published, dispatch_uid="comments_post_published")
@receiver(post_edited, dispatch_uid="comments_post_edited")
def record_post_mentions(sender, post, **kwargs):
    mentioned = Mention.record(post=post, author=post.author)
    post_mentions_recorded.send(sender=Post, post=post, mentioned=mentioned)


pre_delete.connect(bump_on_delete, sender=Comment, dispatch_uid="comments_fragments")
