from functools import cache

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from blognet import streamed
from blogs.fragments import ago_slot, cached, fill, new_slot

from .. import thread_html
from ..activity import liveliest_posts
from ..forms import CommentForm
from ..models import Comment
from ..reactions import Bar, reactions_on
from ..threads import thread_for

register = template.Library()

# From this many comments the thread is sent while it is filled (blognet.streamed), not joined first.
STREAMED_FROM = 200


@register.inclusion_tag("comments/includes/thread.html", takes_context=True)
def comment_thread(context, post, events=()):
    """The conversation under a post, with the comment box (two queries, whatever its size, when
    the thread's shared HTML is in the cache; comments.thread_html says what is shared).

    `events` are steps a higher app records about the post (a proposal's, from decisions), each
    with `created_at` and ready `html` (a whole <li>); they stand between the comments by time.
    """
    request = context["request"]
    user = request.user
    signed_in = user.is_authenticated
    entries = cached(
        request, f"thread:{post.pk}:{int(signed_in)}", lambda: thread_html.shared(thread_for(post), signed_in=signed_in)
    )
    csrf_token = context.get("csrf_token")
    form = context.get("comment_form") or CommentForm(post=post)
    reply_to = request.GET.get("reply_to", "")

    def reply_form(parent_id):
        parent = Comment.objects.select_related("author").get(post=post, pk=parent_id)
        return thread_html.reply_form(post=post, form=form, parent=parent, csrf_token=csrf_token)

    reader = thread_html.Reader(
        reader=user,
        post=post,
        previous_visit=context.get("previous_visit"),
        csrf_token=csrf_token,
        reactions=(reactions_on(post, user), Bar(reader=user, csrf_token=csrf_token, post=post)),
        reply_to=int(reply_to) if reply_to.isdigit() else None,
        reply_form=reply_form,
    )
    placed = _among_comments(entries, events) if events else entries
    # Filled by thread_html.Reader, escaped there.
    html = (entry.html if getattr(entry, "is_event", False) else reader.fill(entry.html) for entry in placed)
    return {
        "user": user,
        "post": post,
        "thread_html": streamed.defer(request, html) if len(placed) >= STREAMED_FROM else mark_safe("".join(html)),
        "form": form,
        "csrf_token": csrf_token,
        "request": request,
    }


def _among_comments(entries, events):
    """Each event before the first comment on the post written after it (replies stay together)."""
    waiting = sorted(events, key=lambda event: event.created_at)
    for event in waiting:
        event.is_event = True
    placed = []
    for entry in entries:
        while waiting and entry.depth == 0 and waiting[0].created_at <= entry.created_at:
            placed.append(waiting.pop(0))
        placed.append(entry)
    return placed + waiting


@register.simple_tag(takes_context=True)
def most_discussed(context, days=7, limit=5):
    """The published posts with the most new comments in the last `days` days, today included
    (the same for every reader: from blogs.fragments)."""
    today = timezone.localdate()

    def render():
        first_day = today - timezone.timedelta(days=days - 1)
        posts = liveliest_posts(first_day=first_day, last_day=today, limit=limit)
        return render_to_string("comments/includes/most_discussed.html", {"posts": posts})

    return mark_safe(cached(context["request"], f"most_discussed:{today}:{days}:{limit}", render))


@register.simple_tag(takes_context=True)
def latest_comments(context, limit=5):
    """The newest comments on published posts (from blogs.fragments; when made, two queries), with
    "nieuw" and how long ago filled in for the reader.

    The newest few comments are picked by the created_at index alone, then loaded with their posts
    by id; a condition on the posts before the LIMIT lets the database walk every published post.
    """

    def render():
        newest = list(Comment.objects.shown().order_by("-created_at").values_list("pk", flat=True)[: limit * 5])
        comments = Comment.objects.filter(pk__in=newest).select_related("author", "post__blog").order_by("-created_at")
        # Comments are only made on published posts; one taken back to draft since is skipped here.
        shown = [comment for comment in comments if comment.post.is_published()][:limit]
        for comment in shown:
            comment.new_slot, comment.ago_slot = new_slot(comment.created_at), ago_slot(comment.created_at)
        return render_to_string("comments/includes/latest_comments.html", {"comments": shown})

    request = context["request"]
    html = cached(request, f"latest_comments:{limit}", render)
    return fill(html, reader=request.user, previous_visit=context.get("previous_visit"))


@register.inclusion_tag("comments/includes/recent_comments_by.html", takes_context=True)
def recent_comments_by(context, person, limit=10):
    """A colleague's latest comments on posts the viewer may read (the seam for profile pages).

    Their newest comments come from the (author, created_at) index alone and the posts are checked
    here: with the post's condition in the query, SQLite without statistics starts from every
    published post instead. Comment.is_readable_by mirrors Comment.objects.readable_by.
    """
    user = context["request"].user
    newest = (
        Comment.objects.shown()
        .filter(author=person)
        .select_related("post__blog")
        .defer("body", "post__body", "post__body_html", "post__excerpt")  # the comment's HTML is shown
        .order_by("-created_at", "-id")
    )
    return {"comments": [comment for comment in newest[: limit * 5] if comment.is_readable_by(user)][:limit]}


@register.filter
def comment_box(form):
    """The comment box as crispy-forms renders it. An empty one is the same on every post page, and
    crispy takes about a millisecond for it: it is rendered once per language in each worker.

    A box sent back with an error opens with the focus in it (also without JavaScript), so the
    error, which crispy ties to it with aria-describedby, is read out with its label."""
    if form.is_bound:
        if form.errors:
            form.fields["body"].widget.attrs["autofocus"] = True
        return as_crispy_field(form["body"])
    return _empty_comment_box(translation.get_language())


@cache
def _empty_comment_box(language):
    return as_crispy_field(CommentForm(post=None)["body"])


@register.simple_tag(takes_context=True)
def reaction_bar(context, post):
    """The reactions on the post itself, from the same two queries as its thread's (comments.reactions)."""
    user = context["request"].user
    tally = reactions_on(post, user).of(None)
    if not user.is_authenticated and not tally.total:
        return ""
    return Bar(reader=user, csrf_token=context.get("csrf_token"), post=post).html(tally)
