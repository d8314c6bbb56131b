"""Background work of the notifications app, run by `manage.py db_worker`."""

from django.db import transaction
from django_tasks import task

from blogs.models import Post

from .services import notify_post_mentions


@task()
def announce_post(post_id):
    """At a scheduled post's publication time: notify the colleagues it mentions."""
    post = Post.objects.published().filter(pk=post_id).first()
    if post is None:
        return "not published yet, or not any more"  # a new schedule queued its own announcement
    with transaction.atomic():
        notify_post_mentions(post)
    return "announced"
