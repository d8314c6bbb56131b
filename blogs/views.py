from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blognet import streamed
from blognet.access import reader_required
from blognet.images import StorageFailed, save_with_file
from blognet.markup import render_markdown, validate_markdown
from blognet.pagination import CappedPaginator, paginate
from blognet.ratelimit import allow

from . import revisions
from .cards import for_reader, page_of_cards, shared_cards
from .forms import PostFilterForm, PostForm, PostImageForm
from .fragments import cached
from .models import MAX_POST_LENGTH, Blog, Post, PostAddress, PostRead, Revision, Tag
from .services import delete_post, save_post

POSTS_PER_PAGE = 20
PREVIEWS_PER_MINUTE = 40


@reader_required
def front_page(request):
    """Every published post, newest first, with the Personeelsblog's newest on top."""
    posts = Post.objects.published_for(request.user).for_cards()
    is_filtering = PostFilterForm.asks_for(request.GET)
    if is_filtering:
        filters = PostFilterForm(request.GET, reader=request.user)
        page = paginate(request, filters.filter(posts), POSTS_PER_PAGE)
        cards, highlight, filters_html = shared_cards(page), "", _filters_html(filters)
    else:
        page, cards, highlight, filters_html = _unfiltered(request, posts)
    context = {
        "page": page,
        "cards": for_reader(cards, reader=request.user, previous_visit=request.previous_visit),
        "highlight": highlight,
        "filters_html": filters_html,
        "is_filtering": is_filtering,
    }
    return render(request, "blogs/front_page.html", context)


def _counted_once(request, posts, name):
    """The page asked for of `posts`, which are the same for everybody who may read them: their count
    (a COUNT over up to MAX_PAGES pages, which a tag of years fills) is made once per worker for the
    content as it is now (blogs.fragments), not at each request. The posts are read when iterated."""
    paginator = CappedPaginator(posts, POSTS_PER_PAGE)
    paginator.count, paginator.is_capped = cached(
        request, f"{name}:count", lambda: (paginator.count, paginator.is_capped)
    )
    return paginator.get_page(request.GET.get("page"))


def _cached_page(request, posts, name):
    """The page asked for of `posts`, the same for everybody who may read them, and its shared
    cards (blogs.cards.page_of_cards): a page seen before in this generation reads no post."""
    page = _counted_once(request, posts, name)  # its posts are read only when its cards are made
    return page, page_of_cards(request, f"{name}:page:{page.number}", page.object_list)


def _unfiltered(request, posts):
    """The page of posts and the fragments of the unfiltered front page, from blogs.fragments: they
    are the same for everybody who gets here (reader_required: they may all read)."""
    page, cards = _cached_page(request, posts, "front")
    highlight = cached(request, "front:highlight", lambda: _highlight(posts)) if page.number == 1 else ""
    filters_html = cached(request, "front:filters", lambda: _filters_html(PostFilterForm()))
    return page, cards, highlight, filters_html


def _highlight(posts):
    # By the blog's id, so that the (blog, status, date) index hands over its three newest posts.
    staff_blog = Blog.objects.personeelsblog()
    highlighted = list(posts.filter(blog=staff_blog)[:3]) if staff_blog else []
    return render_to_string("blogs/includes/personeelsblog_highlight.html", {"highlighted": highlighted})


def _filters_html(filters):
    return render_to_string("blogs/includes/post_filters.html", {"filters": filters})


@reader_required
def blog_list(request):
    blogs = Blog.objects.select_related("owner").order_by("-kind", "title")  # shared blogs first
    page = paginate(request, blogs, 50)
    # Counted for the 50 blogs on the page only, each from its own part of the (blog, status, date)
    # index: the cost does not grow with the number of blogs, and no row of a post is read.
    # The figures are the same for everybody: made once per worker for the content as it is now
    # (blogs.fragments), since counting a blog of years still walks years of its index.
    counted = cached(request, f"blogs:figures:{page.number}", lambda: _blog_figures(page))
    for blog in page:
        blog.post_count, blog.last_published = counted.get(blog.pk, (0, None))
    return render(request, "blogs/blog_list.html", {"page": page})


def _blog_figures(blogs):
    """{blog id: (published posts, last published)} for a page of blogs."""
    published = Post.objects.published().filter(blog=OuterRef("pk"))
    figures = Blog.objects.filter(pk__in=[blog.pk for blog in blogs]).annotate(
        post_count=Subquery(published.values("blog").annotate(n=Count("pk")).values("n")),
        last_published=Subquery(published.order_by("-published_at").values("published_at")[:1]),
    )
    return {blog.pk: (blog.post_count or 0, blog.last_published) for blog in figures}


@reader_required
def blog_detail(request, blog_slug):
    blog = get_object_or_404(Blog.objects.select_related("owner"), slug=blog_slug)
    posts = Post.objects.published_for(request.user).filter(blog=blog).for_cards()
    page, cards = _cached_page(request, posts, f"blog:{blog.pk}")
    context = {
        "blog": blog,
        "page": page,
        "cards": for_reader(cards, reader=request.user, previous_visit=request.previous_visit),
        "waiting": Post.objects.waiting_for_reader(request.user, blog) if page.number == 1 else [],
        "can_write": blog.is_writable_by(request.user),
    }
    return render(request, "blogs/blog_detail.html", context)


@reader_required
def tag_detail(request, tag_slug):
    tag = get_object_or_404(Tag, slug=tag_slug)
    posts = Post.objects.published_for(request.user).filter(tags=tag).for_cards()
    page, cards = _cached_page(request, posts, f"tag:{tag.pk}")
    cards = for_reader(cards, reader=request.user, previous_visit=request.previous_visit)
    return render(request, "blogs/tag_detail.html", {"tag": tag, "page": page, "cards": cards})


@reader_required
def post_detail(request, blog_slug, post_slug):
    post = Post.objects.readable_by(request.user).for_listing().filter(blog__slug=blog_slug, slug=post_slug).first()
    if post is None:
        moved = get_object_or_404(PostAddress, blog_slug=blog_slug, post_slug=post_slug)
        return redirect(moved.post, permanent=True)  # the post page checks who may read it
    PostRead.mark(post, request.user)
    return post_page(request, post)


def post_page(request, post, *, comment_form=None, status=200):
    """The post page: also shown by comments when a comment needs correcting (status 400)."""
    context = {"post": post, "can_edit": post.can_be_edited_by(request.user), "comment_form": comment_form}
    # A long thread is sent while it is filled (comments' thread tag defers it).
    return streamed.response(request, render(request, "blogs/post_detail.html", context, status=status))


@login_required
def post_readers(request, blog_slug, post_slug):
    """Who read a post: for its author only."""
    post = get_object_or_404(
        Post.objects.published_for(request.user).for_listing(), blog__slug=blog_slug, slug=post_slug
    )
    if post.author_id != request.user.pk:
        raise PermissionDenied
    reads = post.reads.select_related("user").order_by("-read_at")
    return render(request, "blogs/post_readers.html", {"post": post, "page": paginate(request, reads, 100)})


def _save_post(request, form, *, publish, was_published=False):
    data = form.cleaned_data
    post = save_post(
        form.save(commit=False),
        publish=publish,
        published_at=data["published_at"],
        tag_names=data["tag_names"],
        by=request.user,
    )
    if post.is_scheduled():
        messages.success(request, _("Je bericht is ingepland."))
    elif post.is_published() and was_published:
        messages.success(request, _("Je bericht is bijgewerkt."))
    elif post.is_published():
        messages.success(request, _("Je bericht is gepubliceerd."))
    else:
        messages.success(request, _("Je concept is opgeslagen."))
    return redirect(post)


@login_required
def post_create(request, blog_slug=None):
    """Write a new post; /write/ lets the writer choose the blog (their own preselected)."""
    blog = None
    if blog_slug is not None:
        blog = get_object_or_404(Blog, slug=blog_slug)
        if not blog.is_writable_by(request.user):
            raise PermissionDenied
    form = PostForm(
        request.POST if request.method == "POST" else None,
        initial={"blog": getattr(request.user, "personal_blog", None)},
        user=request.user,
        blog=blog,
    )
    if form.is_valid():
        return _save_post(request, form, publish="publish" in request.POST)
    return render(request, "blogs/post_form.html", {"form": form, "blog": blog})


@login_required
def post_edit(request, blog_slug, post_slug):
    post = get_object_or_404(Post.objects.visible_to(request.user), blog__slug=blog_slug, slug=post_slug)
    if not post.can_be_edited_by(request.user):
        raise PermissionDenied
    was_published = post.is_published()  # asked before the form changes the instance
    form = PostForm(request.POST if request.method == "POST" else None, instance=post, user=request.user)
    if form.is_valid():
        return _save_post(request, form, publish="publish" in request.POST, was_published=was_published)
    return render(request, "blogs/post_form.html", {"form": form, "post": post, "blog": post.blog})


@login_required
def post_delete(request, blog_slug, post_slug):
    post = get_object_or_404(Post.objects.visible_to(request.user), blog__slug=blog_slug, slug=post_slug)
    if not post.can_be_edited_by(request.user):
        raise PermissionDenied
    if request.method == "POST":
        blog = post.blog
        delete_post(post)
        messages.success(request, _("Het bericht „%(title)s” is verwijderd.") % {"title": post.title})
        return redirect(blog)
    return render(request, "blogs/post_delete.html", {"post": post})


@login_required
@require_POST
def markdown_preview(request):
    """The editor's preview, rendered by the same pipeline that renders the saved post.

    Rate-limited per person: the editor asks at most once a second while typing, and without a
    limit one colleague could keep every worker busy rendering."""
    if not allow("preview", request.user.pk, limit=PREVIEWS_PER_MINUTE, per_seconds=60):
        return JsonResponse({"html": "", "error": _("Even geduld: de voorbeeldweergave komt zo weer.")}, status=429)
    profile = "comment" if request.POST.get("profile") == "comment" else "post"
    body = request.POST.get("body", "")[:MAX_POST_LENGTH]
    try:
        validate_markdown(body)
    except ValidationError as error:
        return JsonResponse({"html": "", "error": " ".join(error.messages)}, status=400)
    return JsonResponse({"html": render_markdown(body, profile=profile)})


@login_required
def image_upload(request):
    """Upload an image: JSON for the editor (button, drag-and-drop, paste), a page without JavaScript."""
    form = PostImageForm(request.POST or None, request.FILES or None)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if request.method == "POST" and form.is_valid():
        image = form.save(commit=False)
        image.uploaded_by = request.user
        try:
            save_with_file(image)
        except StorageFailed as failure:
            # The server's fault, not the file's (503: try again later), told the way the asker reads.
            if wants_json:
                return JsonResponse({"error": str(failure)}, status=503)
            form.add_error(None, str(failure))
            return render(request, "blogs/image_upload.html", {"form": form}, status=503)
        if wants_json:
            return JsonResponse({"url": image.image.url, "markdown": image.as_markdown()})
        return render(request, "blogs/image_upload.html", {"form": PostImageForm(), "uploaded": image})
    if request.method == "POST" and wants_json:
        errors = [str(error) for errors in form.errors.values() for error in errors]
        return JsonResponse({"error": " ".join(errors)}, status=400)
    return render(request, "blogs/image_upload.html", {"form": form})


REVISIONS_PER_PAGE = 50


def _readable_post(request, blog_slug, post_slug):
    return get_object_or_404(
        Post.objects.readable_by(request.user).select_related("blog", "author"), blog__slug=blog_slug, slug=post_slug
    )


@reader_required
def post_history(request, blog_slug, post_slug):
    """Every version of a post, newest first, numbered from the original (1); the newest one's id
    goes with a restore, so that a restore from a page the post has outgrown is refused."""
    post = _readable_post(request, blog_slug, post_slug)
    page = Paginator(post.revisions.select_related("author").defer("body"), REVISIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for offset, revision in enumerate(page):
        revision.number = page.paginator.count - page.start_index() + 1 - offset
    context = {
        "post": post,
        "page": page,
        "newest_id": post.revisions.values_list("pk", flat=True).first(),
        "can_restore": post.status == Post.Status.PUBLISHED and post.can_be_edited_by(request.user),
    }
    return render(request, "blogs/post_history.html", context)


@reader_required
def post_diff(request, blog_slug, post_slug, new_id, old_id=None):
    """What changed from version `old_id` (the one before `new_id` when not given) to `new_id`."""
    post = _readable_post(request, blog_slug, post_slug)
    new = get_object_or_404(post.revisions.select_related("author"), pk=new_id)
    if old_id is None:
        old = post.revisions.select_related("author").filter(pk__lt=new_id).first()
    else:
        old = get_object_or_404(post.revisions.select_related("author"), pk=old_id)
    numbers = post.revisions.aggregate(
        new=Count("pk", filter=Q(pk__lte=new.pk)),
        old=Count("pk", filter=Q(pk__lte=old.pk if old else 0)),
        newest_id=Max("pk"),
    )
    new.number, newest_id = numbers["new"], numbers["newest_id"]
    if old is not None:
        old.number = numbers["old"]
    context = {
        "post": post,
        "old": old,
        "new": new,
        "changes": revisions.diff(old or Revision(title="", body=""), new),
        "newest_id": newest_id,
        "can_restore": post.status == Post.Status.PUBLISHED and post.can_be_edited_by(request.user),
    }
    return render(request, "blogs/post_diff.html", context)


@login_required
@require_POST
def post_restore(request, blog_slug, post_slug, revision_id):
    """Put an old version back, as a new version; refused when the post changed since the page."""
    post = _readable_post(request, blog_slug, post_slug)
    revision = get_object_or_404(post.revisions, pk=revision_id)
    if not post.can_be_edited_by(request.user):
        raise PermissionDenied
    based_on = request.POST.get("based_on", "")
    try:
        revisions.restore_revision(revision, by=request.user, based_on=int(based_on) if based_on.isdigit() else None)
    except revisions.RestoreRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("blogs:post_history", post.blog.slug, post.slug)
    number = post.revisions.filter(pk__lte=revision.pk).count()
    messages.success(request, _("Versie %(number)s is teruggezet als nieuwste versie.") % {"number": number})
    return redirect(post)
