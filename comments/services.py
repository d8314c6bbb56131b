"""Writes that span models: adding, editing and removing comments."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from blogs.models import Post

from .activity import count_comment
from .models import Comment, Mention
from .signals import comment_posted, comment_saved


def add_comment(*, post, author, body, parent=None, submission_key=None, created_at=None, guest=None, announce=True):
    """Save a comment, count it on its post, record its mentions and announce it.

    The same `submission_key` from the same author returns the comment saved the first time.
    An import passes `created_at` (the original moment), announce=False (old writing tells nobody)
    and, for a writer who is no colleague, author=None with `guest`: a dict of guest_name,
    guest_email and guest_url.
    """
    if submission_key:
        earlier = Comment.objects.filter(author=author, submission_key=submission_key).first()
        if earlier:
            return earlier
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                post=post,
                author=author,
                parent=parent,
                body=body,
                submission_key=submission_key,
                created_at=created_at or timezone.now(),
                **(guest or {}),
            )
            Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
            count_comment(comment, +1)
            if announce:
                mentioned = Mention.record(post=post, comment=comment, author=author)
                comment_posted.send(sender=Comment, comment=comment, mentioned=mentioned)
            comment_saved.send(sender=Comment, comment=comment)
    except IntegrityError:
        # The same form arrived twice at the same moment: the other request saved it.
        earlier = Comment.objects.filter(author=author, submission_key=submission_key).first()
        if earlier is None:
            raise
        return earlier
    return comment


@transaction.atomic
def edit_comment(comment, *, body):
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save()
    comment_saved.send(sender=Comment, comment=comment)


@transaction.atomic
def remove_comment(comment, *, by):
    """Soft removal: the comment keeps its place (and its replies theirs) but shows no text."""
    comment.removed_at = timezone.now()
    comment.removed_by = by
    comment.save(update_fields=["removed_at", "removed_by"])
    Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") - 1)
    count_comment(comment, -1)
    comment_saved.send(sender=Comment, comment=comment)


@transaction.atomic
def restore_comment(comment):
    """Undo a soft removal: the text shows again in its place and counts on its post again."""
    comment.removed_at = comment.removed_by = None
    comment.save(update_fields=["removed_at", "removed_by"])
    Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") + 1)
    count_comment(comment, +1)
    comment_saved.send(sender=Comment, comment=comment)
