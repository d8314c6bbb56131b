"""Which posts an uploaded image belongs to: what decides who may fetch it (blogs/media.py).

blogs.services keeps the links: save_post links the images a post's text shows, delete_post
deletes the images no other post shows. A link is made only to an image the person saving could
already see, so that naming another colleague's image (guessed from a draft's address) in one's
own post does not make it readable.
"""

import re
from urllib.parse import unquote

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from .models import Post, PostImage

LINKS_PER_BATCH = 500


def media_address_pattern():
    """Blognet's own media addresses in a text (/media/posts/...); group 1 is the quoted name."""
    # Not inside another address (https://elders.example/media/...): only Blognet's own media.
    return re.compile(r"(?<![\w/.:-])" + re.escape(settings.MEDIA_URL) + r"""([^\s()<>"'\[\]]+)""")


def referenced_names(markdown):
    """The storage names of the media files `markdown` refers to, in order, each once."""
    return list(dict.fromkeys(unquote(name) for name in media_address_pattern().findall(markdown)))


def link_images(post, *, by=None):
    """Link `post` to the images its text shows, and to no others.

    An image is linked when `by` (the person saving; the author when not given) could see it
    already: their own upload, or an image in a post they may read; or when the post's author
    uploaded it and no post shows it yet (a revision restored by an editor brings its images back).
    """
    names = referenced_names(post.body)
    if not names:
        post.images.clear()
        return
    named = PostImage.objects.filter(image__in=names)
    unused = ~Exists(PostImage.posts.through.objects.filter(postimage=OuterRef("pk")))
    seen_by_saver = Q(pk__in=named.shown_to(by or post.author).values("pk"))
    post.images.set(named.filter(seen_by_saver | (unused & Q(uploaded_by=post.author_id))))


def delete_own_images(post):
    """Delete the images only `post` shows: the rows now, the files once the transaction is committed
    (a deletion rolled back keeps its files). Call it before deleting the post itself."""
    shown_elsewhere = Exists(PostImage.posts.through.objects.filter(postimage=OuterRef("pk")).exclude(post=post))
    own = dict(PostImage.objects.filter(posts=post).exclude(shown_elsewhere).values_list("pk", "image"))
    if not own:
        return
    PostImage.objects.filter(pk__in=own).delete()
    names = list(own.values())
    storage = PostImage._meta.get_field("image").storage

    def delete_files():
        for name in names:
            storage.delete(name)

    # robust: a file that cannot be removed is logged, not an error for a deletion already made.
    transaction.on_commit(delete_files, robust=True)


def link_existing_images(post_model=Post, image_model=PostImage):
    """Link every stored post to the images its text shows, whoever uploaded them: written before
    links decided anything, when every image was public. The data migration that brought the links
    calls it with its historical models. The posts are read in batches, never all at once."""
    through = image_model.posts.through
    posts = post_model.objects.values_list("pk", "body").order_by("pk")
    pairs = []
    for post_id, body in posts.iterator(chunk_size=LINKS_PER_BATCH):
        pairs.extend((post_id, name) for name in referenced_names(body))
        if len(pairs) >= LINKS_PER_BATCH:
            _link(pairs, image_model, through)
            pairs = []
    _link(pairs, image_model, through)


def _link(pairs, image_model, through):
    if not pairs:
        return
    ids = dict(image_model.objects.filter(image__in={name for _, name in pairs}).values_list("image", "pk"))
    rows = [through(post_id=post_id, postimage_id=ids[name]) for post_id, name in pairs if name in ids]
    through.objects.bulk_create(rows, ignore_conflicts=True)
