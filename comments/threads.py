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


def thread_for(post):
    """The post's comments in reading order: each reply below the comment it answers."""
    comments = list(Comment.objects.filter(post=post).select_related("author").order_by("created_at", "id"))
    children = {}
    for comment in comments:
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
            )
        )
        stack.extend((reply, depth + 1) for reply in reversed(children.get(comment.pk, [])))
    return entries
