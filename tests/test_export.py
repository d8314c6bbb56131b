"""Blognet's own export (imports.export, manage.py export_blog): a zip WordPress imports."""

import html
import io
import zipfile
from datetime import UTC

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command, load_command_class
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from blogs.models import Blog, Post, PostImage
from blogs.services import save_post
from comments.services import add_comment, remove_comment
from imports.export import NAMESPACES, write_export
from tests.conftest import image_bytes

SITE = "https://blognet.bibliotheek.example"
NS = {**NAMESPACES}
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False)
GUEST = {"guest_name": "Piet van Buiten", "guest_email": "piet@buiten.example", "guest_url": "https://piet.example/"}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.BLOGNET_SITE_URL = SITE


def write(author, title, body="Tekst.", *, blog=None, publish=True, published_at=None, tags=()):
    post = Post(blog=blog or author.personal_blog, author=author, title=title, body=body)
    return save_post(post, publish=publish, published_at=published_at, tag_names=list(tags), announce=False)


def upload(user, name="foto.png"):
    image = PostImage(alt_text="Een volle leeszaal", uploaded_by=user)
    image.image.save(name, ContentFile(image_bytes("PNG")))
    return image


def export(blogs, **options):
    out = io.BytesIO()
    exported = write_export(out, blogs=blogs, **options)
    return zipfile.ZipFile(io.BytesIO(out.getvalue())), exported


def channel_of(archive, name):
    return etree.fromstring(archive.read(name), SAFE_PARSER).find("channel")


def items(channel, post_type):
    return [item for item in channel.findall("item") if item.findtext("wp:post_type", namespaces=NS) == post_type]


def meta(element, key, kind="postmeta"):
    for entry in element.findall(f"wp:{kind}", NS):
        if entry.findtext("wp:meta_key", namespaces=NS) == key:
            return entry.findtext("wp:meta_value", namespaces=NS)
    return None


def by_post_id(channel, post_type="post"):
    return {int(item.findtext("wp:post_id", namespaces=NS)): item for item in items(channel, post_type)}


@pytest.fixture
def blog_with_everything(alice, bob):
    """Alice's blog: a published post with an image, tags, odd text and a thread; a draft, a
    scheduled post and a second post using the same image. Bob's post is on another blog."""
    image = upload(alice, "leeszaal café.png")  # its address is percent-encoded, its name is not
    body = (
        f"Kijk: {image.as_markdown()}\n\nCode sluit zo af: ]]> en dit blijft tekst: <script>alert(1)</script>\n\n"
        "Vraag het @bob."
    )
    main = write(
        alice,
        "Koffie & boeken ]]> <b>",
        body,
        published_at=timezone.now() - timezone.timedelta(days=2),
        tags=["Jeugd", "Één café"],
    )
    draft = write(alice, "Nog niet af", publish=False)
    scheduled = write(alice, "Volgende week", published_at=timezone.now() + timezone.timedelta(days=7))
    again = write(alice, "Nog eens die foto", f"Weer: {image.as_markdown()}")
    write(bob, "Bob schrijft elders")

    top = add_comment(post=main, author=bob, body="Goed idee, @alice!")
    reply = add_comment(post=main, author=alice, body="Dank je, zie ]]> hier.", parent=top)
    deepest = add_comment(post=main, author=bob, body="En de derde laag.", parent=reply)
    guest = add_comment(post=main, author=None, guest=GUEST, body="Mooi blog!", announce=False)
    removed = add_comment(post=main, author=bob, body="Iets onaardigs", parent=top)
    remove_comment(removed, by=alice)
    after_removed = add_comment(post=main, author=alice, body="Dat was niet nodig.", parent=removed)
    comments = {
        "top": top,
        "reply": reply,
        "deepest": deepest,
        "guest": guest,
        "removed": removed,
        "after_removed": after_removed,
    }
    return {"image": image, "main": main, "draft": draft, "scheduled": scheduled, "again": again, **comments}


def test_export_is_wxr_with_one_item_per_post_and_image(alice, blog_with_everything):
    archive, exported = export([alice.personal_blog])
    assert archive.namelist()[0] == f"blognet-{alice.personal_blog.slug}.xml"
    root = etree.fromstring(archive.read(f"blognet-{alice.personal_blog.slug}.xml"), SAFE_PARSER)
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.nsmap == NAMESPACES
    channel = root.find("channel")
    assert channel.findtext("wp:wxr_version", namespaces=NS) == "1.2"
    assert channel.findtext("language") == "nl-NL"
    assert channel.findtext("wp:base_site_url", namespaces=NS) == SITE
    assert channel.findtext("link") == SITE + alice.personal_blog.get_absolute_url()
    assert channel.findtext("title") == alice.personal_blog.title
    logins = [author.findtext("wp:author_login", namespaces=NS) for author in channel.findall("wp:author", NS)]
    assert logins == ["alice"]  # Bob comments here, but writes no post on this blog

    assert len(items(channel, "post")) == 4
    assert len(items(channel, "attachment")) == 1
    assert (exported.posts, exported.comments, exported.images) == (4, 6, 1)


def test_posts_keep_status_dates_tags_and_markdown(alice, blog_with_everything):
    archive, _ = export([alice.personal_blog])
    posts = by_post_id(channel_of(archive, archive.namelist()[0]))
    main = blog_with_everything["main"]
    item = posts[main.pk]
    statuses = {pk: posts[pk].findtext("wp:status", namespaces=NS) for pk in posts}
    assert statuses == {
        main.pk: "publish",
        blog_with_everything["draft"].pk: "draft",
        blog_with_everything["scheduled"].pk: "future",
        blog_with_everything["again"].pk: "publish",
    }
    assert html.unescape(item.findtext("title")) == main.title == "Koffie & boeken ]]> <b>"
    assert "<b>" not in item.findtext("title")  # a title is HTML in WordPress: escaped, never markup
    assert item.findtext("link") == SITE + main.get_absolute_url()
    assert item.findtext("guid") == f"urn:blognet:post:{main.pk}"
    assert item.find("guid").get("isPermaLink") == "false"
    assert item.findtext("dc:creator", namespaces=NS) == "alice"
    assert item.findtext("wp:post_name", namespaces=NS) == main.slug
    assert item.findtext("wp:comment_status", namespaces=NS) == "open"
    local = timezone.localtime(main.published_at, timezone.get_default_timezone())
    assert item.findtext("wp:post_date", namespaces=NS) == local.strftime("%Y-%m-%d %H:%M:%S")
    utc = main.published_at.astimezone(UTC)
    assert item.findtext("wp:post_date_gmt", namespaces=NS) == utc.strftime("%Y-%m-%d %H:%M:%S")
    assert item.findtext("pubDate").endswith("+0000")

    tags = {tag.get("nicename"): tag.text for tag in item.findall("category") if tag.get("domain") == "post_tag"}
    assert tags == {tag.slug: tag.name for tag in main.tags.all()}
    assert "Één café" in tags.values()
    assert meta(item, "_blognet_blog") == alice.personal_blog.slug

    markdown = meta(item, "_blognet_markdown")
    assert "Code sluit zo af: ]]> en dit blijft tekst: <script>alert(1)</script>" in markdown
    content = item.findtext("content:encoded", namespaces=NS)
    assert "<script" not in content and "&lt;script&gt;" in content
    assert "<script" not in item.findtext("excerpt:encoded", namespaces=NS)
    assert f'href="{SITE}/people/bob/"' in content  # site-relative links made absolute too
    raw = archive.read(archive.namelist()[0]).decode()
    assert "]]]]><![CDATA[>" in raw


def test_comments_keep_their_thread_writers_and_removal(alice, bob, blog_with_everything):
    archive, _ = export([alice.personal_blog])
    item = by_post_id(channel_of(archive, archive.namelist()[0]))[blog_with_everything["main"].pk]
    exported = {int(c.findtext("wp:comment_id", namespaces=NS)): c for c in item.findall("wp:comment", NS)}
    names = ("top", "reply", "deepest", "guest", "removed", "after_removed")
    stored = {name: blog_with_everything[name] for name in names}
    assert sorted(exported) == sorted(comment.pk for comment in stored.values())
    for comment in stored.values():
        parent = int(exported[comment.pk].findtext("wp:comment_parent", namespaces=NS))
        assert parent == (comment.parent_id or 0)
    assert int(exported[stored["deepest"].pk].findtext("wp:comment_parent", namespaces=NS)) == stored["reply"].pk
    assert list(exported) == sorted(exported)  # WordPress inserts in id order: parents first

    top = exported[stored["top"].pk]
    assert top.findtext("wp:comment_author", namespaces=NS) == "Bob Jansen"
    assert top.findtext("wp:comment_author_email", namespaces=NS) == bob.email
    assert top.findtext("wp:comment_user_id", namespaces=NS) == str(bob.pk)
    assert top.findtext("wp:comment_approved", namespaces=NS) == "1"
    assert top.findtext("wp:comment_type", namespaces=NS) == "comment"
    assert meta(top, "_blognet_markdown", "commentmeta") == "Goed idee, @alice!"
    assert meta(top, "_blognet_removed", "commentmeta") is None

    guest = exported[stored["guest"].pk]
    assert guest.findtext("wp:comment_author", namespaces=NS) == "Piet van Buiten"
    assert guest.findtext("wp:comment_author_email", namespaces=NS) == "piet@buiten.example"
    assert guest.findtext("wp:comment_author_url", namespaces=NS) == "https://piet.example/"
    assert guest.findtext("wp:comment_user_id", namespaces=NS) == "0"

    removed = exported[stored["removed"].pk]
    assert removed.findtext("wp:comment_content", namespaces=NS) == ""
    assert meta(removed, "_blognet_markdown", "commentmeta") == ""
    assert meta(removed, "_blognet_removed", "commentmeta") == "1"
    assert b"Iets onaardigs" not in archive.read(archive.namelist()[0])
    after = exported[stored["after_removed"].pk]
    assert int(after.findtext("wp:comment_parent", namespaces=NS)) == stored["removed"].pk

    assert meta(exported[stored["reply"].pk], "_blognet_markdown", "commentmeta") == "Dank je, zie ]]> hier."


def test_image_travels_in_the_zip_and_as_an_attachment(alice, blog_with_everything):
    image, main = blog_with_everything["image"], blog_with_everything["main"]
    archive, _ = export([alice.personal_blog])
    channel = channel_of(archive, archive.namelist()[0])
    with image.image.open("rb") as stored:
        assert archive.read(f"media/{image.image.name}") == stored.read()
    assert image.image.name.startswith("posts/")

    (attachment,) = items(channel, "attachment")
    url = attachment.findtext("wp:attachment_url", namespaces=NS)
    assert url == SITE + image.image.url and url.startswith("https://")
    assert meta(attachment, "_wp_attached_file") == image.image.name
    assert attachment.findtext("wp:post_parent", namespaces=NS) == str(main.pk)  # the first post using it
    assert attachment.findtext("wp:status", namespaces=NS) == "inherit"
    assert int(attachment.findtext("wp:post_id", namespaces=NS)) not in by_post_id(channel)

    item = by_post_id(channel)[main.pk]
    assert f'src="{url}"' in item.findtext("content:encoded", namespaces=NS)
    assert f"]({url})" in meta(item, "_blognet_markdown")
    assert "](/media/" not in meta(item, "_blognet_markdown")


def test_wordpress_line_parser_finds_every_author_and_item_on_its_lines(alice, blog_with_everything):
    archive, _ = export([alice.personal_blog])
    lines = archive.read(archive.namelist()[0]).decode().splitlines()
    assert any("<wp:wxr_version>1.2</wp:wxr_version>" in line for line in lines)
    assert all("</wp:author>" in line for line in lines if "<wp:author>" in line)
    assert lines.count("\t<item>") == lines.count("\t</item>") == 5


def test_meta_that_php_would_unserialize_stays_a_string(alice):
    write(alice, "Lijkt op PHP", 'O:8:"stdClass":0:{}')
    archive, _ = export([alice.personal_blog])
    (item,) = items(channel_of(archive, archive.namelist()[0]), "post")
    assert meta(item, "_blognet_markdown") == 's:19:"O:8:"stdClass":0:{}";'


def test_image_whose_file_is_lost_stays_a_link(alice):
    image = upload(alice)
    write(alice, "Met een verloren foto", image.as_markdown())
    image.image.storage.delete(image.image.name)
    archive, exported = export([alice.personal_blog])
    assert exported.images == 0
    assert not items(channel_of(archive, archive.namelist()[0]), "attachment")
    assert archive.namelist() == [f"blognet-{alice.personal_blog.slug}.xml"]


def test_export_streams_into_a_response(alice, blog_with_everything):
    response = HttpResponse(content_type="application/zip")  # cannot seek
    write_export(response, blogs=Blog.objects.filter(pk=alice.personal_blog.pk))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    assert len(items(channel_of(archive, archive.namelist()[0]), "post")) == 4


def make_posts(author, count, image):
    for n in range(count):
        post = write(author, f"Bericht {n}", f"Nummer {n}. {image.as_markdown()}", tags=[f"tag {n % 3}"])
        add_comment(post=post, author=author, body=f"Reactie {n}")


def export_queries(blog, **options):
    with CaptureQueriesContext(connection) as queries:
        write_export(io.BytesIO(), blogs=[blog], **options)
    return len(queries)


def test_export_queries_do_not_grow_with_posts(alice):
    image = upload(alice)
    make_posts(alice, 5, image)
    baseline = export_queries(alice.personal_blog)
    make_posts(alice, 45, image)
    assert export_queries(alice.personal_blog) == baseline


def test_export_queries_grow_with_chunks_not_posts(alice):
    def add_chunk(n):  # ten posts showing an image of their own, as a chunk of ten reads them
        make_posts(alice, 10, upload(alice, f"foto-{n}.png"))

    add_chunk(1)
    one_chunk = export_queries(alice.personal_blog, chunk_size=10)
    add_chunk(2)
    per_chunk = export_queries(alice.personal_blog, chunk_size=10) - one_chunk
    for n in range(3, 6):
        add_chunk(n)
    assert export_queries(alice.personal_blog, chunk_size=10) == one_chunk + 4 * per_chunk


def test_command_exports_one_blog(alice, blog_with_everything, tmp_path):
    output, out = tmp_path / "alice.zip", io.StringIO()
    call_command("export_blog", str(output), "--blog", alice.personal_blog.slug, stdout=out, verbosity=0)
    assert out.getvalue().strip() == f"4 berichten, 6 reacties, 1 afbeeldingen geëxporteerd naar {output}"
    with zipfile.ZipFile(output) as archive:
        assert f"blognet-{alice.personal_blog.slug}.xml" in archive.namelist()
        assert f"media/{blog_with_everything['image'].image.name}" in archive.namelist()


def test_command_refuses_an_unknown_blog(alice, tmp_path):
    output = tmp_path / "niets.zip"
    with pytest.raises(CommandError, match="Onbekend blog: bestaat-niet"):
        call_command("export_blog", str(output), "--blog", alice.personal_blog.slug, "--blog", "bestaat-niet")
    assert not output.exists()


def test_command_exports_every_blog_into_one_file(alice, bob, personeelsblog, tmp_path):
    write(alice, "Bij Alice")
    write(bob, "Bij Bob")
    write(bob, "Voor iedereen", blog=personeelsblog)
    output, out = tmp_path / "alles.zip", io.StringIO()
    call_command("export_blog", str(output), "--all", stdout=out, verbosity=0)
    assert out.getvalue().startswith("3 berichten, 0 reacties, 0 afbeeldingen")
    with zipfile.ZipFile(output) as archive:
        assert archive.namelist() == ["blognet.xml"]
        channel = channel_of(archive, "blognet.xml")
    assert channel.findtext("wp:base_blog_url", namespaces=NS) == SITE
    blogs = {}
    for item in items(channel, "post"):
        (category,) = [c for c in item.findall("category") if c.get("domain") == "category"]
        assert category.get("nicename") == meta(item, "_blognet_blog")
        blogs[item.findtext("title")] = meta(item, "_blognet_blog")
    assert blogs == {
        "Bij Alice": alice.personal_blog.slug,
        "Bij Bob": bob.personal_blog.slug,
        "Voor iedereen": personeelsblog.slug,
    }
    logins = {author.findtext("wp:author_login", namespaces=NS) for author in channel.findall("wp:author", NS)}
    assert logins == {"alice", "bob"}


def test_command_help_is_dutch():
    parser = load_command_class("imports", "export_blog").create_parser("manage.py", "export_blog")
    text = " ".join(parser.format_help().split())
    assert "die WordPress kan importeren en Blognet kan teruglezen" in text
    assert "alle blogs van de site" in text
