"""Background work of the notifications app, run by `manage.py db_worker`."""

from django.db import transaction
from django_tasks import task

from blogs.models import Post

from .services import announce_new_post, notify_post_mentions


@task()
def announce_post(post_id):
    """At a scheduled post's publication time: notify the colleagues it mentions, then those who
    follow its writer or its blog (each once: a post queued twice is announced once)."""
    post = Post.objects.published().filter(pk=post_id).first()
    if post is None:
        return "not published yet, or not any more"  # a new schedule queued its own announcement
    with transaction.atomic():
        notify_post_mentions(post)
        announce_new_post(post)
    return "announced"
