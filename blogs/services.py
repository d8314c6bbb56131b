"""The one way to write a post: the editor, the Django admin, the demo and importers call these.

What a publication sets off (mentions, follows, notifications) hangs off the signals sent here,
never off a form, a view or post_save.
"""

from django.db import transaction
from django.utils import timezone

from .images import delete_own_images, link_images
from .models import Post, PostAddress, Revision, Tag, unique_slug
from .signals import post_edited, post_published, post_saved


@transaction.atomic
def save_post(post, *, publish, published_at=None, tag_names=None, announce=True, by=None):
    """Create or edit `post` as a draft (publish=False) or published, now or at `published_at`.

    A publication keeps its first moment unless a new one is given; `tag_names` None leaves the
    tags as they are. post_published is sent the first time a post is published (or scheduled),
    post_edited when a published or scheduled post is saved again; announce=False sends neither
    (an import of old writing tells nobody).

    A published or scheduled post whose title or text changed keeps the new state as a Revision
    saved by `by` (the person saving, an import's too; the post's author when not given); its
    first publication is its first revision. Drafts keep none.

    The post is linked to the uploaded images its text shows (blogs/images.py: those `by` could see
    already), which decides who may fetch them.
    """
    stored = None
    if post.pk is not None:
        stored = Post.objects.filter(pk=post.pk).values("status", "title", "body", "updated_at").first()
    was_public = stored is not None and stored["status"] == Post.Status.PUBLISHED
    if publish:
        post.status = Post.Status.PUBLISHED
        post.published_at = published_at or post.published_at or timezone.now()
    else:
        post.status = Post.Status.DRAFT
    post.save()
    if stored is None or stored["body"] != post.body:
        link_images(post, by=by)
    if publish:
        Revision.record(post, by=by, before=stored if was_public else None)
    if tag_names is not None:
        post.tags.set(Tag.for_names(tag_names))
    if announce and publish:
        (post_edited if was_public else post_published).send(sender=Post, post=post)
    post_saved.send(sender=Post, post=post)
    return post


@transaction.atomic
def delete_post(post):
    """Delete a post with its comments, mentions, reads and notifications (all cascade), and the
    images no other post shows, files included."""
    delete_own_images(post)
    post.delete()


@transaction.atomic
def move_post(post, blog):
    """Move `post` to `blog` (a personal post to the Personeelsblog): one post with one thread
    there, its comments, reads and followers with it; its old address redirects to the new one."""
    old_blog_slug, old_slug = post.blog.slug, post.slug
    post.blog = blog
    post.slug = unique_slug(post.title, Post.objects.filter(blog=blog), fallback="bericht")
    post.save(update_fields=["blog", "slug", "updated_at"])
    PostAddress.objects.update_or_create(blog_slug=old_blog_slug, post_slug=old_slug, defaults={"post": post})
    # An address once left and now taken again by this very post is its own address again.
    PostAddress.objects.filter(blog_slug=blog.slug, post_slug=post.slug).delete()
    return post
