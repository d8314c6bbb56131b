"""Building a post's conversation: one query, one pass in Python, no recursion."""

from dataclasses import dataclass

from .models import Comment

MAX_INDENT = 5


@dataclass
class ThreadEntry:
    comment: Comment
    depth: int  # the real depth: 0 for a comment on the post itself
    indent: int  # the shown depth, capped at MAX_INDENT
    replying_to: object = None  # the parent's author, shown as "in reply to" beyond MAX_INDENT
    can_edit: bool = False  # for the reader the thread was built for
    can_remove: bool = False
    can_restore: bool = False


def thread_for(post, reader):
    """The post's comments in reading order, each reply below the comment it answers, with what
    `reader` may do to each (asked of the model, which asks the blog once for the whole thread)."""
    comments = list(Comment.objects.filter(post=post).select_related("author").order_by("created_at", "id"))
    children = {}
    for comment in comments:
        comment.post = post  # one post (and blog) instance for all: no query per comment
        children.setdefault(comment.parent_id, []).append(comment)
    by_id = {comment.pk: comment for comment in comments}
    entries = []
    # An explicit stack instead of recursion: a chain 1,000 replies deep is no problem.
    stack = [(comment, 0) for comment in reversed(children.get(None, []))]
    while stack:
        comment, depth = stack.pop()
        parent = by_id.get(comment.parent_id)
        entries.append(
            ThreadEntry(
                comment=comment,
                depth=depth,
                indent=min(depth, MAX_INDENT),
                replying_to=parent.author if parent and depth > MAX_INDENT else None,
                can_edit=comment.can_be_edited_by(reader),
                can_remove=comment.can_be_removed_by(reader),
                can_restore=comment.can_be_restored_by(reader),
            )
        )
        stack.extend((reply, depth + 1) for reply in reversed(children.get(comment.pk, [])))
    return entries
