from django import template

from ..forms import CommentForm
from ..threads import thread_for

register = template.Library()


@register.inclusion_tag("comments/includes/thread.html", takes_context=True)
def comment_thread(context, post):
    """The conversation under a post, with the comment box (two queries, whatever its size)."""
    request = context["request"]
    user = request.user
    entries = thread_for(post)
    can_moderate = post.blog.is_moderated_by(user)
    reply_to = request.GET.get("reply_to", "")
    return {
        "request": request,
        "user": user,
        "post": post,
        "entries": entries,
        "can_moderate": can_moderate,
        "form": context.get("comment_form") or CommentForm(post=post),
        "reply_to": int(reply_to) if reply_to.isdigit() else None,
        "csrf_token": context.get("csrf_token"),
    }
