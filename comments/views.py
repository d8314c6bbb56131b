from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blogs.models import Post
from blogs.views import post_page

from .forms import CommentEditForm, CommentForm
from .models import Comment
from .reactions import Bar, UnknownKind, react, tally_of
from .services import add_comment, edit_comment, remove_comment, restore_comment


def readable_comment(request, comment_id):
    """A comment on a published post this person may read; otherwise 404."""
    comments = Comment.objects.readable_by(request.user).select_related("post__blog", "author")
    return get_object_or_404(comments, pk=comment_id)


@login_required
@require_POST
def comment_create(request, post_id):
    post = get_object_or_404(Post.objects.published_for(request.user).for_listing(), pk=post_id)
    form = CommentForm(request.POST, post=post)
    if form.is_valid():
        comment = add_comment(
            post=post,
            author=request.user,
            body=form.cleaned_data["body"],
            parent=form.cleaned_data["parent"],
            submission_key=form.cleaned_data["submission_key"],
        )
        return redirect(comment)
    # Show the post again with the error and the typed text kept in the box (which has the focus);
    # an answer keeps saying whom it answers.
    parent = form.cleaned_data.get("parent")
    if parent:
        form["body"].label = _("Je antwoord aan %(name)s") % {"name": parent.writer_name}
    return post_page(request, post, comment_form=form, status=400)


def comment_permalink(request, comment_id):
    return redirect(readable_comment(request, comment_id))


@login_required
def comment_edit(request, comment_id):
    comment = readable_comment(request, comment_id)
    if not comment.can_be_edited_by(request.user):
        raise PermissionDenied
    form = CommentEditForm(request.POST or None, instance=comment)
    if form.is_valid():
        edit_comment(comment, body=form.cleaned_data["body"])
        messages.success(request, _("Je reactie is bijgewerkt."))
        return redirect(comment)
    return render(request, "comments/comment_edit.html", {"form": form, "comment": comment})


@login_required
def comment_remove(request, comment_id):
    comment = readable_comment(request, comment_id)
    if not comment.can_be_removed_by(request.user):
        raise PermissionDenied
    if request.method == "POST":
        remove_comment(comment, by=request.user)
        messages.success(request, _("De reactie is verwijderd."))
        return redirect(comment)
    return render(request, "comments/comment_remove.html", {"comment": comment})


@login_required
@require_POST
def comment_restore(request, comment_id):
    comment = readable_comment(request, comment_id)
    if not comment.can_be_restored_by(request.user):
        raise PermissionDenied
    restore_comment(comment)
    messages.success(request, _("De reactie staat er weer."))
    return redirect(comment)


@login_required
@require_POST
def react_post(request, post_id):
    post = get_object_or_404(Post.objects.published_for(request.user).for_listing(), pk=post_id)
    return _reacted(request, post, None)


@login_required
@require_POST
def react_comment(request, comment_id):
    """A reaction on a shown comment of a post this person may read; otherwise 404."""
    comments = Comment.objects.readable_by(request.user).shown().select_related("post__blog", "post__author")
    comment = get_object_or_404(comments, pk=comment_id)
    return _reacted(request, comment.post, comment)


def _reacted(request, post, comment):
    """React as the form says; back to the item, or (for static/js/reactions.js) its new bar."""
    try:
        react(
            user=request.user,
            post=post,
            comment=comment,
            kind=request.POST.get("kind") or None,
            remove=request.POST.get("remove") or None,
        )
    except UnknownKind:
        return HttpResponseBadRequest(_("Deze reactie bestaat niet."))
    if request.headers.get("Accept", "").startswith("application/json"):
        bar = Bar(reader=request.user, csrf_token=get_token(request), post=post)
        tally = tally_of(post, comment, request.user)
        html = bar.html(tally, comment_id=comment.pk if comment else None, compact=comment is not None)
        return JsonResponse({"html": html})
    return redirect(comment or f"{post.get_absolute_url()}#reacties")
