from django import template
from django.db.models import Count, Q
from django.utils import timezone

from blogs.models import Post

from ..forms import CommentForm
from ..models import Comment
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
        "previous_visit": context.get("previous_visit"),
    }


@register.inclusion_tag("comments/includes/most_discussed.html", takes_context=True)
def most_discussed(context, days=7, limit=5):
    """The posts with the most new comments in the last `days` days (one query)."""
    since = timezone.now() - timezone.timedelta(days=days)
    recent = Q(comments__created_at__gte=since, comments__removed_at__isnull=True)
    posts = (
        Post.objects.readable_by(context["request"].user)
        .published()
        .annotate(recent_comments=Count("comments", filter=recent))
        .filter(recent_comments__gt=0)
        .select_related("blog")
        .order_by("-recent_comments", "-published_at")[:limit]
    )
    return {"posts": list(posts)}


@register.inclusion_tag("comments/includes/latest_comments.html", takes_context=True)
def latest_comments(context, limit=5):
    """The newest comments on posts this person may read (one query)."""
    readable = Post.objects.readable_by(context["request"].user).published()
    comments = (
        Comment.objects.filter(removed_at__isnull=True, post__in=readable)
        .select_related("author", "post__blog")
        .order_by("-created_at", "-id")[:limit]
    )
    return {"comments": list(comments), "previous_visit": context.get("previous_visit")}


@register.inclusion_tag("comments/includes/recent_comments_by.html", takes_context=True)
def recent_comments_by(context, person, limit=10):
    """A colleague's latest comments on posts the viewer may read (the seam for profile pages)."""
    readable = Post.objects.readable_by(context["request"].user).published()
    comments = (
        Comment.objects.filter(author=person, removed_at__isnull=True, post__in=readable)
        .select_related("post__blog")
        .order_by("-created_at", "-id")[:limit]
    )
    return {"comments": list(comments)}
