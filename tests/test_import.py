"""Bringing an old blog into Blognet: what lands where, once, with nobody told and nothing half-done.

The exports are the hand-written fixtures in tests/imports/ (read by tests/test_import_reading.py)
and small WXR files written here; images come from a real HTTP server on 127.0.0.1.
"""

import http.server
import io
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from blogs.models import Post, PostImage
from comments.models import Comment
from imports.formats import read_export
from imports.importer import import_blog
from imports.models import SourceItem
from notifications.models import Notification

FIXTURES = Path(__file__).parent / "imports"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def read(name):
    with open(FIXTURES / name, "rb") as file:
        return read_export(file)


def run_command(*args):
    out = io.StringIO()
    call_command("import_blog", *args, stdout=out, verbosity=0)
    return out.getvalue()


def tree(post):
    """The thread as (writer, first words, writer of the comment it answers), in reading order."""
    comments = Comment.objects.filter(post=post).select_related("author", "parent__author").order_by("created_at")
    return [
        (comment.writer_name, comment.body[:24], comment.parent.writer_name if comment.parent else None)
        for comment in comments
    ]


def wxr(items, *, site="https://oud.example"):
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Oud</title>'
        f"<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{site}</wp:base_site_url>{items}</channel></rss>"
    ).encode()


def wxr_post(post_id, title, html, comments=""):
    return (
        f"<item><title>{title}</title><content:encoded><![CDATA[{html}]]></content:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_date_gmt>2023-05-01 10:00:00</wp:post_date_gmt>"
        f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>{comments}</item>"
    )


def wxr_comment(comment_id, parent, name, email, text, moment):
    return (
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>{name}</wp:comment_author>"
        f"<wp:comment_author_email>{email}</wp:comment_author_email>"
        f"<wp:comment_date_gmt>{moment}</wp:comment_date_gmt><wp:comment_content>{text}</wp:comment_content>"
        f"<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


def read_bytes(content):
    return read_export(io.BytesIO(content))


# What lands where


def test_a_blogger_blog_lands_on_the_personal_blog_with_dates_labels_drafts_and_threads(alice, make_user):
    make_user("jan", display_name="Jan Peeters")  # a colleague now, recognised by name
    report = import_blog(read("blogger.xml"), blog=alice.personal_blog, by=alice)

    posts = Post.objects.filter(blog=alice.personal_blog).order_by("created_at")
    assert [(post.title, post.status, post.author) for post in posts] == [
        ("Zomerlezen: de tips van Jan", "published", alice),
        ("Voorleesweek in de bibliotheek", "published", alice),
        ("Concept: zomerlezen 2024", "draft", alice),
    ]
    voorleesweek = posts[1]
    assert voorleesweek.published_at.astimezone(AMSTERDAM).replace(tzinfo=None) == datetime(2024, 1, 27, 10, 30)
    assert sorted(tag.name for tag in voorleesweek.tags.all()) == [
        "Bibliotheek Zuidoost-Brabant",
        "Leesbevordering & jeugd",
    ]
    assert "Nationale Voorleesweek" in voorleesweek.body_html
    assert tree(voorleesweek) == [
        ("Jan Peeters", "Is het voorlezen ook op ", None),
        ("Marieke van den Berg", "Ja hoor, elke zaterdag o", "Jan Peeters"),
        ("Jan Peeters", "Dank je! Dan kom ik zate", "Marieke van den Berg"),
        # Its parent is not in the file: it answers the post, and the report says so.
        ("Anoniem", "Wie weet nog waar die li", None),
    ]
    comments = list(Comment.objects.filter(post=voorleesweek).order_by("created_at"))
    assert [comment.created_at.astimezone(AMSTERDAM).strftime("%d-%m %H:%M") for comment in comments] == [
        "27-01 12:00",
        "27-01 13:15",
        "28-01 09:00",
        "29-01 08:05",
    ]
    assert comments[0].author.username == "jan"  # a colleague, by name
    assert comments[1].author is None and comments[1].guest_name == "Marieke van den Berg"
    assert (report.posts_new, report.drafts_new, report.comments_new) == (3, 1, 4)
    assert any("niet in het bestand staat" in note for note in report.notes)
    assert ("Over de leesclub", "een pagina; kies 'Pagina's ook als bericht' om hem mee te nemen") in report.skipped


def test_a_wordpress_thread_five_deep_keeps_every_parent_with_colleagues_matched_by_email(alice, make_user):
    make_user("anke", display_name="A. Jansen", email="Anke.Jansen@example.nl")  # her address, other case
    import_blog(read("wordpress.xml"), blog=alice.personal_blog, by=alice)

    boekenweek = Post.objects.get(blog=alice.personal_blog, title="Boekenweek 2024: wat we gaan doen")
    assert [(writer, answers) for writer, _, answers in tree(boekenweek)] == [
        ("A. Jansen", None),
        ("Marieke de Bruijn", "A. Jansen"),
        ("Joris Verhoeven", "Marieke de Bruijn"),
        ("A. Jansen", "Joris Verhoeven"),
        ("Marieke de Bruijn", "A. Jansen"),  # listed before its parent in the file
    ]
    deepest = Comment.objects.filter(post=boekenweek).latest("created_at")
    depth = 0
    while deepest.parent_id:
        deepest, depth = deepest.parent, depth + 1
    assert depth == 4  # five levels: the spam, the pingback and the unapproved one were left out
    assert boekenweek.comment_count == 5
    assert Post.objects.get(title="Nog niet af: zomerlezen").status == "draft"
    assert Post.objects.get(title="Lezersavond in januari").is_scheduled()
    assert not Post.objects.filter(title__in=["Over ons", "Oude openingstijden"]).exists()


def test_a_reply_written_before_its_parent_by_the_clock_still_lands_under_it(alice):
    comments = wxr_comment(2, 1, "Bea", "bea@buiten.example", "Het antwoord", "2023-05-01 11:00:00") + wxr_comment(
        1, 0, "Ad", "ad@buiten.example", "De vraag", "2023-05-01 11:30:00"
    )
    import_blog(read_bytes(wxr(wxr_post(7, "Klok", "<p>Tekst</p>", comments))), blog=alice.personal_blog, by=alice)
    assert tree(Post.objects.get(title="Klok")) == [("Bea", "Het antwoord", "Ad"), ("Ad", "De vraag", None)]


def test_pages_come_along_when_asked(alice):
    import_blog(read("wordpress.xml"), blog=alice.personal_blog, by=alice, pages_as_posts=True)
    assert Post.objects.filter(blog=alice.personal_blog, title="Over ons").exists()


def test_a_name_two_colleagues_share_matches_neither(alice, make_user):
    make_user("jan1", display_name="Jan Peeters")
    make_user("jan2", display_name="Jan Peeters")
    import_blog(read("blogger.xml"), blog=alice.personal_blog, by=alice)
    assert set(Comment.objects.filter(guest_name="Jan Peeters").values_list("author", flat=True)) == {None}


def test_an_import_tells_nobody_and_counts_no_guest_as_staff(alice, bob, client):
    import_blog(read("wordpress.xml"), blog=alice.personal_blog, by=alice)
    assert not Notification.objects.exists()
    client.force_login(bob)
    page = client.get(Post.objects.get(title="Boekenweek 2024: wat we gaan doen").get_absolute_url()).content.decode()
    assert "Joris Verhoeven" in page and "uit de import" in page
    assert "joris@example.com" not in page  # a guest's e-mail address is never shown
    assert "Joris Verhoeven" not in client.get("/people/").content.decode()


# Once only, and all or nothing


def test_the_same_file_twice_changes_nothing_the_second_time(alice):
    first = run_command("wordpress", str(FIXTURES / "wordpress.xml"), "--blog", alice.personal_blog.slug)
    counts = (Post.objects.count(), Comment.objects.count(), SourceItem.objects.count())
    second = run_command("wordpress", str(FIXTURES / "wordpress.xml"), "--blog", alice.personal_blog.slug)
    assert "Berichten: 4 nieuw, 0 al aanwezig" in first
    assert "Berichten: 0 nieuw, 4 al aanwezig" in second
    assert "Reacties: 0 nieuw, 5 al aanwezig" in second
    assert (Post.objects.count(), Comment.objects.count(), SourceItem.objects.count()) == counts


def test_items_are_known_by_their_source_id_not_by_title_and_date(alice):
    same_title = wxr(wxr_post(1, "Weekoverzicht", "<p>Week 1</p>") + wxr_post(2, "Weekoverzicht", "<p>Week 2</p>"))
    import_blog(read_bytes(same_title), blog=alice.personal_blog, by=alice)
    assert sorted(Post.objects.values_list("body", flat=True)) == ["Week 1", "Week 2"]


def test_new_comments_in_a_later_export_join_the_posts_imported_before(alice):
    first = wxr_comment(1, 0, "Ad", "ad@buiten.example", "Eerste", "2023-05-01 11:00:00")
    later = first + wxr_comment(2, 1, "Bea", "bea@buiten.example", "Later", "2023-06-01 11:00:00")
    import_blog(read_bytes(wxr(wxr_post(7, "Draad", "<p>Tekst</p>", first))), blog=alice.personal_blog, by=alice)
    report = import_blog(
        read_bytes(wxr(wxr_post(7, "Draad", "<p>Tekst</p>", later))), blog=alice.personal_blog, by=alice
    )
    assert (report.posts_new, report.posts_present, report.comments_new, report.comments_present) == (0, 1, 1, 1)
    assert tree(Post.objects.get(title="Draad")) == [("Ad", "Eerste", None), ("Bea", "Later", "Ad")]


def test_an_import_stopped_halfway_leaves_no_half_imported_blog(alice):
    class Stopped(Exception):
        pass

    def stop_after_first_post(done, total):
        raise Stopped  # as Ctrl-C during `manage.py import_blog` would

    with pytest.raises(Stopped):
        import_blog(read("wordpress.xml"), blog=alice.personal_blog, by=alice, progress=stop_after_first_post)
    assert not Post.objects.exists()
    assert not Comment.objects.exists()
    assert not SourceItem.objects.exists()


def test_a_dry_run_changes_nothing(alice):
    output = run_command("wordpress", str(FIXTURES / "wordpress.xml"), "--blog", alice.personal_blog.slug, "--dry-run")
    assert "Proefdraai: er is niets veranderd." in output
    assert "Berichten: 4 nieuw, 0 al aanwezig" in output
    assert not Post.objects.exists() and not SourceItem.objects.exists()


def test_the_command_refuses_an_unknown_blog_the_wrong_kind_and_a_hostile_file(alice, tmp_path):
    with pytest.raises(CommandError, match="Er is geen blog met het adres 'nergens'"):
        run_command("wordpress", str(FIXTURES / "wordpress.xml"), "--blog", "nergens")
    with pytest.raises(CommandError, match="Dit bestand is een export van Wordpress, niet van Blogger"):
        run_command("blogger", str(FIXTURES / "wordpress.xml"), "--blog", alice.personal_blog.slug)
    laughs = tmp_path / "lol.xml"
    laughs.write_text('<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><rss>&lol;</rss>')
    with pytest.raises(CommandError, match="DOCTYPE"):
        run_command("wordpress", str(laughs), "--blog", alice.personal_blog.slug)
    assert not Post.objects.exists()


def test_a_shared_blog_needs_to_know_who_imports(team_blog, admin_user):
    with pytest.raises(CommandError, match="--by"):
        run_command("wordpress", str(FIXTURES / "wordpress.xml"), "--blog", team_blog.slug)
    run_command("wordpress", str(FIXTURES / "wordpress.xml"), "--blog", team_blog.slug, "--by", admin_user.username)
    assert set(Post.objects.filter(blog=team_blog).values_list("author", flat=True)) == {admin_user.pk}


# Images


class ImageServer(http.server.ThreadingHTTPServer):
    """Serves /foto.png (a real PNG) and counts the requests it gets."""

    def __init__(self):
        picture = io.BytesIO()
        Image.new("RGB", (40, 30), (200, 30, 30)).save(picture, format="PNG")
        self.png, self.requests = picture.getvalue(), []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                if self.path != "/foto.png":
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(server.png)))
                self.end_headers()
                self.wfile.write(server.png)

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def image_server():
    server = ImageServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def with_images(server):
    base = server.base
    html = f'<p>Kijk:</p><p><img src="{base}/foto.png" alt="De leestafel"></p><p><img src="{base}/weg.png"></p>'
    return wxr(wxr_post(3, "Met foto", html))


def test_images_are_fetched_once_checked_stored_and_pointed_at(alice, settings, image_server):
    settings.BLOGNET_IMPORT_ALLOW_PRIVATE_ADDRESSES = True  # the test's own server is on 127.0.0.1
    export = with_images(image_server)
    report = import_blog(read_bytes(export), blog=alice.personal_blog, by=alice)

    stored = PostImage.objects.get()
    post = Post.objects.get(title="Met foto")
    assert stored.alt_text == "De leestafel" and stored.uploaded_by == alice
    assert f"({stored.image.url})" in post.body and f'src="{stored.image.url}"' in post.body_html
    with Image.open(stored.image.path) as image:
        assert (image.format, image.size) == ("PNG", (40, 30))
    assert report.images_new == 1
    assert [(address.rsplit("/", 1)[-1], why) for address, why in report.images_failed] == [
        ("weg.png", "de server antwoordde 404")
    ]
    # An image that could not be fetched becomes a link to its old address.
    assert f"[{image_server.base}/weg.png]({image_server.base}/weg.png)" in post.body

    requests = len(image_server.requests)
    import_blog(read_bytes(export), blog=alice.personal_blog, by=alice)
    assert len(image_server.requests) == requests  # nothing fetched again
    # A later export with a new post showing the same image uses the copy brought in before.
    later = wxr(wxr_post(4, "Weer die foto", f'<img src="{image_server.base}/foto.png" alt="">'))
    report = import_blog(read_bytes(later), blog=alice.personal_blog, by=alice)
    assert len(image_server.requests) == requests
    assert (report.images_present, report.images_new, PostImage.objects.count()) == (1, 0, 1)
    assert stored.image.url in Post.objects.get(title="Weer die foto").body


def test_images_on_private_addresses_are_not_fetched_unless_allowed(alice, image_server):
    report = import_blog(read_bytes(with_images(image_server)), blog=alice.personal_blog, by=alice)
    assert image_server.requests == []
    assert not PostImage.objects.exists()
    assert {why for _, why in report.images_failed} == {"adres in een eigen netwerk (127.0.0.1)"}
    body = Post.objects.get(title="Met foto").body
    assert f"[De leestafel]({image_server.base}/foto.png)" in body and "![" not in body


def test_a_dry_run_counts_the_images_and_fetches_none(alice, settings, image_server):
    settings.BLOGNET_IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    report = import_blog(read_bytes(with_images(image_server)), blog=alice.personal_blog, by=alice, dry_run=True)
    assert (report.images_new, image_server.requests) == (2, [])
