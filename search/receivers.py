"""The index follows the write path: each receiver runs inside the transaction of the write.

blogs.signals.post_saved and comments.signals.comment_saved are sent by every service that writes
a post or a comment; decisions.signals.agreement_recorded when an agreement gets its text. A
colleague's name, username and department are written by forms, the admin and the directory
import alike, so people's rows follow post_save of the user model (only when those fields may
have changed: a login writes last_login on every visit).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver

from blogs.signals import post_saved
from comments.signals import comment_saved
from decisions.signals import agreement_recorded

from . import index

PERSON_FIELDS = {"username", "display_name", "first_name", "last_name", "department", "is_active"}


@receiver(post_saved)
def post_written(sender, post, **kwargs):
    index.index_post(post)


@receiver(comment_saved)
def comment_written(sender, comment, **kwargs):
    index.index_comment(comment)


@receiver(agreement_recorded)
def agreement_written(sender, agreement, **kwargs):
    index.index_agreement(agreement)


@receiver(post_save, sender=get_user_model())
def person_written(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and not PERSON_FIELDS & set(update_fields)):
        return
    index.index_person(instance)
