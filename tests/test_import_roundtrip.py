"""Take everything out and bring it back: the export imported into an emptied Blognet is the same blog."""

import io
import re

from django.core.files.base import ContentFile
from PIL import Image

from blogs.models import Post, PostImage
from blogs.services import save_post
from comments.models import Comment
from comments.services import add_comment, remove_comment
from imports.export import write_export
from imports.formats import read_export
from imports.importer import import_blog
from tests.conftest import image_bytes

MEDIA = re.compile(r"/media/[^)\s\"]+")


def write(author, title, body, *, publish=True, tags=(), published_at=None):
    post = Post(blog=author.personal_blog, author=author, title=title, body=body)
    return save_post(post, publish=publish, published_at=published_at, tag_names=list(tags), announce=False)


def seconds(moment):
    """A moment as an export carries it (WordPress's date format has no fractions of a second)."""
    return moment.replace(microsecond=0) if moment else None


def shown(comment):
    """A removed comment keeps its place but shows no text, and its text never leaves in an export."""
    return "" if comment.is_removed else comment.body


def snapshot(blog):
    """What a reader of `blog` finds: posts, their threads and their images, without database ids."""
    posts = []
    for post in Post.objects.filter(blog=blog).order_by("title"):
        thread = [
            (
                comment.writer_name,
                comment.guest_email,
                shown(comment),
                comment.is_removed,
                shown(comment.parent) if comment.parent else None,
                seconds(comment.created_at),
            )
            for comment in Comment.objects.filter(post=post)
            .select_related("author", "parent")
            .order_by("created_at", "id")
        ]
        images = []
        for address in MEDIA.findall(post.body):
            stored = PostImage.objects.get(image=address.removeprefix("/media/"))
            with Image.open(stored.image.path) as picture:
                images.append((stored.alt_text, picture.format, picture.size))
        posts.append(
            (
                post.title,
                MEDIA.sub("<afbeelding>", post.body),
                post.status,
                seconds(post.published_at),
                sorted(tag.name for tag in post.tags.all()),
                post.comment_count,
                thread,
                images,
            )
        )
    return posts


def test_export_then_import_into_an_emptied_blognet_gives_the_same_blog(alice, bob, make_user, settings):
    settings.BLOGNET_SITE_URL = "https://blognet.bibliotheek.example"
    carol = make_user("carol", display_name="Carol Smit")
    image = PostImage(alt_text="De leestafel op zaterdag", uploaded_by=alice)
    image.image.save("leestafel.png", ContentFile(image_bytes("PNG", size=(80, 60))))
    main = write(
        alice,
        "Leesclub op zaterdag",
        f"## Het plan\n\nKijk: {image.as_markdown()}\n\n- één\n- twee\n\nVraag het @bob.",
        tags=["Leesbevordering & jeugd", "Café"],
    )
    write(alice, "Nog een concept", "Half af.", publish=False)
    first = add_comment(post=main, author=bob, body="Goed plan!")
    second = add_comment(post=main, author=carol, body="Ik help mee.", parent=first)
    add_comment(post=main, author=alice, body="Dank jullie!", parent=second)
    removed = add_comment(post=main, author=bob, body="Dit haal ik weg.")
    add_comment(post=main, author=carol, body="Antwoord op iets dat weg is.", parent=removed)
    remove_comment(removed, by=bob)
    guest = {"guest_name": "Piet van Buiten", "guest_email": "piet@buiten.example", "guest_url": ""}
    add_comment(post=main, author=None, guest=guest, body="Uit de oude blog.", announce=False)
    before = snapshot(alice.personal_blog)

    out = io.BytesIO()
    write_export(out, blogs=[alice.personal_blog])
    Post.objects.filter(blog=alice.personal_blog).delete()  # an empty blog, as on a new Blognet
    PostImage.objects.all().delete()
    assert snapshot(alice.personal_blog) == []

    out.seek(0)
    report = import_blog(read_export(out), blog=alice.personal_blog, by=alice)
    after = snapshot(alice.personal_blog)
    assert after == before
    assert (report.posts_new, report.comments_new, report.images_new, report.images_failed) == (2, 6, 1, [])
    assert [post[-1] for post in after if post[-1]] == [[("De leestafel op zaterdag", "PNG", (80, 60))]]
