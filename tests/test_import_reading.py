"""Reading an uploaded Blogger or WordPress export into imports.items, and refusing what is no export.

The fixtures in tests/imports/ are hand-written in the shape Blogger and WordPress write; hostile
files are made here, in tmp_path, without ever holding a bomb in memory.
"""

import gzip
import http.server
import io
import json
import os
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from blognet.markup import render_markdown
from imports.errors import ImportRefused
from imports.formats import read_export
from imports.markdown import to_markdown

FIXTURES = Path(__file__).parent / "imports"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MiB = 1024 * 1024
BLOG = "tag:blogger.com,1999:blog-4711000000000000001"


def read(path, **kwargs):
    with open(path, "rb") as file:
        return read_export(file, **kwargs)


def read_bytes(content, **kwargs):
    return read_export(io.BytesIO(content), **kwargs)


def refusal(content):
    with pytest.raises(ImportRefused) as refused:
        read_bytes(content)
    return str(refused.value)


def wall_clock(moment):
    return moment.astimezone(AMSTERDAM).replace(tzinfo=None)


def by_id(items):
    return {item.source_id: item for item in items}


# Blogger's "Back up content" file


@pytest.fixture(scope="module")
def blogger_blog():
    return read(FIXTURES / "blogger.xml")


def test_blogger_backup_gives_its_posts_and_page_with_the_draft_marked(blogger_blog):
    assert blogger_blog.kind == "blogger"
    assert (blogger_blog.title, blogger_blog.site) == ("Leesclub Zuidoost", "4711000000000000001")
    posts = by_id(blogger_blog.posts)
    assert [(post.title, post.is_draft, post.is_page) for post in blogger_blog.posts] == [
        ("Voorleesweek in de bibliotheek", False, False),
        ("Concept: zomerlezen 2024", True, False),
        ("Zomerlezen: de tips van Jan", False, False),
        ("Over de leesclub", False, True),
    ]
    voorleesweek = posts[f"{BLOG}.post-1111111111111111111"]
    assert voorleesweek.tags == ["Leesbevordering & jeugd", "Bibliotheek Zuidoost-Brabant"]
    assert voorleesweek.link == "https://leesclub-zuidoost.blogspot.com/2024/01/voorleesweek.html"
    assert (voorleesweek.author_name, voorleesweek.author_email) == (
        "Marieke van den Berg",
        "marieke@leesclub-zuidoost.example",
    )
    assert '<a href="https://www.bibliotheek.nl/voorleesweek_2024">Nationale Voorleesweek</a>' in voorleesweek.html


def test_blogger_placeholder_address_is_no_email_address(blogger_blog):
    tips = by_id(blogger_blog.posts)[f"{BLOG}.post-3333333333333333333"]
    assert (tips.author_name, tips.author_email) == ("Jan Peeters", "")
    assert all(comment.author_email == "" for comment in blogger_blog.posts[0].comments)


def test_blogger_moments_are_those_blogger_shows(blogger_blog):
    posts = by_id(blogger_blog.posts)
    winter = posts[f"{BLOG}.post-1111111111111111111"].published_at
    summer = posts[f"{BLOG}.post-3333333333333333333"].published_at
    assert winter == datetime(2024, 1, 27, 9, 30, tzinfo=UTC)
    assert wall_clock(winter) == datetime(2024, 1, 27, 10, 30)
    assert summer == datetime(2023, 7, 15, 19, 45, tzinfo=UTC)
    assert wall_clock(summer) == datetime(2023, 7, 15, 21, 45)


def test_blogger_line_breaks_stay_html(blogger_blog):
    tips = by_id(blogger_blog.posts)[f"{BLOG}.post-3333333333333333333"]
    assert tips.html == (
        "Eerste tip: neem een boek mee naar het strand.<br />Tweede tip: luisterboeken tellen ook."
        "<br /><br />Veel leesplezier!"
    )


def test_blogger_replies_listed_newest_first_keep_their_parents(blogger_blog):
    comments = blogger_blog.posts[0].comments
    assert [
        (comment.source_id.removeprefix(f"{BLOG}.post-"), comment.parent_id, comment.author_name)
        for comment in comments
    ] == [
        ("5000000000000000001", None, "Jan Peeters"),
        ("5000000000000000002", f"{BLOG}.post-5000000000000000001", "Marieke van den Berg"),
        ("5000000000000000003", f"{BLOG}.post-5000000000000000002", "Jan Peeters"),
        # Its parent was deleted on Blogger: the id is kept, the importer decides.
        ("5000000000000000004", f"{BLOG}.post-5000000000000000099", "Anoniem"),
    ]
    assert [wall_clock(comment.created_at) for comment in comments] == [
        datetime(2024, 1, 27, 12, 0),
        datetime(2024, 1, 27, 13, 15),
        datetime(2024, 1, 28, 9, 0),
        datetime(2024, 1, 29, 8, 5),
    ]
    assert comments[1].html == "Ja hoor, elke zaterdag om 11 uur in de <b>kinderhoek</b>."
    assert comments[0].author_url == "https://www.blogger.com/profile/09876543210987654321"
    assert {comment.state for comment in comments} == {"approved"}
    assert [post.comments for post in blogger_blog.posts[1:]] == [[], [], []]


def test_blogger_settings_template_and_a_lost_comment_are_reported_once_each(blogger_blog):
    assert [(skipped.what, skipped.reason) for skipped in blogger_blog.skipped] == [
        ("Reactie van Fatima El Amrani", "het bericht waarbij deze reactie hoort, staat niet (meer) in dit bestand"),
        ("Sjabloon (vormgeving) van de blog", "geen bericht"),
        ("Instellingen van de blog", "geen bericht"),
    ]


def test_blogger_takeout_feed_reads_types_statuses_and_reply_parents():
    blog = read(FIXTURES / "blogger-takeout.atom")
    takeout = "tag:blogger.com,1999:blog-8080000000000000002.post-"
    assert (blog.title, blog.site) == ("Makerspace Strijp", "8080000000000000002")
    assert [(post.title, post.is_draft, post.is_page, post.tags) for post in blog.posts] == [
        ("Open werkplaats in april", False, False, ["Maken & ontdekken"]),
        ("Solderen voor beginners", True, False, []),
        ("Huisregels", False, True, []),
    ]
    assert blog.posts[0].published_at == datetime(2024, 4, 1, 8, 0, tzinfo=UTC)
    assert [(c.source_id, c.parent_id, c.state) for c in blog.posts[0].comments] == [
        (f"{takeout}7000000000000000001", None, "approved"),
        (f"{takeout}7000000000000000003", None, "trash"),
        (f"{takeout}7000000000000000002", f"{takeout}7000000000000000001", "approved"),
    ]
    assert [(skipped.what, skipped.reason) for skipped in blog.skipped] == [
        ("Oude openingstijden", "verwijderd op Blogger")
    ]


# WordPress's WXR


@pytest.fixture(scope="module")
def wordpress_blog():
    return read(FIXTURES / "wordpress.xml")


def test_wordpress_export_gives_posts_page_and_drafts(wordpress_blog):
    assert wordpress_blog.kind == "wordpress"
    assert wordpress_blog.title == "Bibliotheek Eindhoven & omstreken"
    assert wordpress_blog.site == "https://blog.bibliotheek-ehv.example"
    assert [(post.source_id, post.title, post.is_draft, post.is_page) for post in wordpress_blog.posts] == [
        ("20", "Over ons", False, True),
        ("12", "Boekenweek 2024: wat we gaan doen", False, False),
        ("15", "Nog niet af: zomerlezen", True, False),
        ("30", "Lezersavond in januari", False, False),
        # Password-protected on WordPress: not for every colleague until someone publishes it again.
        ("33", "Notulen teamoverleg", True, False),
    ]


def test_wordpress_attachments_menus_revisions_and_the_bin_are_left_out_with_a_line_each(wordpress_blog):
    assert [(skipped.what, skipped.reason) for skipped in wordpress_blog.skipped] == [
        ("Oude openingstijden", "stond in de prullenbak"),
        ("1 bijlage", "geen bericht; afbeeldingen in berichten worden apart opgehaald"),
        ("1 onderdeel van het soort revision", "geen bericht"),
        ("1 menu-onderdeel", "geen bericht"),
    ]
    assert wordpress_blog.files == {}  # images come with Blognet's own zip only


def test_wordpress_authors_are_looked_up_by_login(wordpress_blog):
    posts = by_id(wordpress_blog.posts)
    assert (posts["12"].author_name, posts["12"].author_email) == (
        "Marieke de Bruijn",
        "marieke.debruijn@bibliotheek-ehv.example",
    )
    assert (posts["15"].author_name, posts["15"].author_email) == (
        "Pieter van Dijk",
        "pieter.vandijk@bibliotheek-ehv.example",
    )


def test_wordpress_moments_prefer_utc_and_read_local_time_as_amsterdam(wordpress_blog):
    posts = by_id(wordpress_blog.posts)
    assert posts["12"].published_at == datetime(2024, 3, 8, 9, 30, tzinfo=UTC)
    assert wall_clock(posts["12"].published_at) == datetime(2024, 3, 8, 10, 30)
    # The draft has no UTC moment ("0000-00-00 00:00:00"): its local time is summer time in Amsterdam.
    assert posts["15"].published_at == datetime(2024, 4, 2, 12, 0, tzinfo=UTC)
    assert wall_clock(posts["15"].published_at) == datetime(2024, 4, 2, 14, 0)
    # Scheduled: published, at its own moment in the future.
    assert posts["30"].published_at == datetime(2030, 1, 15, 19, 0, tzinfo=UTC)
    assert not posts["30"].is_draft


def test_wordpress_categories_and_tags_become_tags_without_the_default_category(wordpress_blog):
    posts = by_id(wordpress_blog.posts)
    assert posts["12"].tags == ["Leesbevordering & jeugd", "Boekenweek", "Café"]
    assert posts["15"].tags == []
    assert posts["30"].tags == ["Leesbevordering & jeugd"]


def test_wordpress_thread_five_deep_keeps_every_parent_even_a_reply_before_its_parent(wordpress_blog):
    comments = by_id(wordpress_blog.posts)["12"].comments
    assert [(comment.source_id, comment.parent_id, comment.author_name) for comment in comments] == [
        ("12/c101", None, "Anke Jansen"),
        ("12/c102", "12/c101", "Marieke de Bruijn"),
        ("12/c103", "12/c102", "Joris Verhoeven"),
        ("12/c104", "12/c103", "Anke Jansen"),
        ("12/c105", "12/c104", "Marieke de Bruijn"),  # listed before 104 in the file
        ("12/c107", None, "Goedkope Horloges"),
        ("12/c106", None, "Leesplein – Boekenweek in de regio"),
        ("12/c108", None, "Kees"),
    ]
    assert [wall_clock(comment.created_at) for comment in comments[:5]] == [
        datetime(2024, 3, 8, 12, 0),
        datetime(2024, 3, 8, 12, 30),
        datetime(2024, 3, 8, 13, 0),
        datetime(2024, 3, 8, 14, 0),
        datetime(2024, 3, 8, 15, 0),
    ]
    anke = comments[0]
    assert (anke.author_email, anke.author_url) == ("anke.jansen@example.nl", "https://ankeleest.example.nl")


def test_wordpress_comment_states_follow_approval_and_type(wordpress_blog):
    states = {comment.source_id: comment.state for comment in by_id(wordpress_blog.posts)["12"].comments}
    assert states == {
        "12/c101": "approved",
        "12/c102": "approved",
        "12/c103": "approved",
        "12/c104": "approved",
        "12/c105": "approved",
        "12/c106": "pingback",
        "12/c107": "spam",
        "12/c108": "pending",
    }


def test_wordpress_cdata_split_around_its_own_end_marker_is_read_whole(wordpress_blog):
    assert "Wie XML schrijft, weet dat ]]> een CDATA-blok sluit." in by_id(wordpress_blog.posts)["12"].html


def test_wordpress_classic_editor_text_gets_the_paragraphs_wordpress_showed(wordpress_blog):
    posts = by_id(wordpress_blog.posts)
    assert posts["30"].html == (
        "<p>Op de eerste dinsdag praten we over het boek van de maand.</p>\n"
        "<p>Kom gerust langs,<br />\nook als je het boek nog niet uit hebt.</p>"
    )
    boekenweek = posts["12"].html
    assert boekenweek.startswith(
        "<p>Dit jaar is het thema <strong>Lezen is beleven</strong>.<br />\n"
        "We openen om 9 uur<br />\nen sluiten om 22 uur.</p>"
    )
    assert "<ul>\n<li>Voorlezen</li>\n<li>Boekenmarkt</li>\n</ul>" in boekenweek
    assert "[caption" not in boekenweek and 'alt="Affiche van de Boekenweek"' in boekenweek
    reply = by_id(posts["12"].comments)["12/c105"]
    assert reply.html == "<p>Aanmelden kan bij de balie.<br />\nTot zaterdag!</p>"


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_older_wxr_versions_are_read(version):
    content = (FIXTURES / "wordpress.xml").read_bytes()
    content = content.replace(b"export/1.2/", f"export/{version}/".encode())
    content = content.replace(b"<wp:wxr_version>1.2<", f"<wp:wxr_version>{version}<".encode())
    blog = read_bytes(content)
    assert len(blog.posts) == 5 and len(by_id(blog.posts)["12"].comments) == 8


def test_wxr_of_an_unknown_version_is_refused():
    content = (FIXTURES / "wordpress.xml").read_bytes()
    content = content.replace(b"export/1.2/", b"export/9.9/").replace(b"<wp:wxr_version>1.2", b"<wp:wxr_version>9.9")
    assert refusal(content) == "Deze WordPress-export heeft versie 9.9; Blognet kent de versies 1.0, 1.1 en 1.2."


def test_wxr_without_a_version_is_refused():
    content = (FIXTURES / "wordpress.xml").read_bytes().replace(b"<wp:wxr_version>1.2</wp:wxr_version>", b"")
    assert "vermeldt geen versie" in refusal(content)


# Packed exports: detected by content, whatever the name


def gzipped(content):
    return gzip.compress(content)


def zipped(members, compression=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_gzipped_and_zipped_exports_read_as_the_plain_file_whatever_their_name(wordpress_blog):
    content = (FIXTURES / "wordpress.xml").read_bytes()
    takeout = zipped(
        {
            "Takeout/Blogger/Blogs/Leesclub/feed.atom": (FIXTURES / "blogger.xml").read_bytes(),
            "Takeout/Blogger/Blogs/Leesclub/theme-classic.html": b"<html></html>",
            "__MACOSX/Takeout/Blogger/Blogs/Leesclub/._feed.atom": b"\x00\x05\x16\x07",
        }
    )
    assert read_bytes(gzipped(content), name="export.txt") == wordpress_blog
    assert read_bytes(zipped({"wordpress-export.xml": content}), name="export.xml") == wordpress_blog
    assert [post.title for post in read_bytes(takeout).posts][:1] == ["Voorleesweek in de bibliotheek"]


BLOGNET_WXR = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Blognet export in WordPress eXtended RSS (WXR) 1.2 -->
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title><![CDATA[Blognet]]></title>
<link>https://blognet.example/</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://blognet.example</wp:base_site_url>
<wp:author><wp:author_login><![CDATA[alice]]></wp:author_login><wp:author_email><![CDATA[alice@bibliotheek.example]]>\
</wp:author_email><wp:author_display_name><![CDATA[Alice de Vries]]></wp:author_display_name></wp:author>
<item>
<title><![CDATA[Voorlezen: Dolfje &amp; Noura]]></title>
<dc:creator><![CDATA[alice]]></dc:creator>
<content:encoded><![CDATA[<p>Voorlezen met <em>Dolfje</em></p>]]></content:encoded>
<wp:post_id>7</wp:post_id>
<wp:post_date_gmt>2024-05-01 08:00:00</wp:post_date_gmt>
<wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="team-jeugd"><![CDATA[Team Jeugd]]></category>
<category domain="post_tag" nicename="voorlezen"><![CDATA[Voorlezen]]></category>
<wp:postmeta><wp:meta_key><![CDATA[_blognet_markdown]]></wp:meta_key><wp:meta_value><![CDATA[Voorlezen met *Dolfje*
![Affiche](https://blognet.example/media/posts/2024/05/affiche.jpg)]]></wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key><![CDATA[_blognet_blog]]></wp:meta_key><wp:meta_value><![CDATA[team-jeugd]]></wp:meta_value>\
</wp:postmeta>
<wp:comment>
<wp:comment_id>3</wp:comment_id><wp:comment_author><![CDATA[Bob Jansen]]></wp:comment_author>
<wp:comment_date_gmt>2024-05-01 09:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>
<wp:comment_parent>0</wp:comment_parent>
<wp:commentmeta><wp:meta_key><![CDATA[_blognet_markdown]]></wp:meta_key><wp:meta_value><![CDATA[]]></wp:meta_value>\
</wp:commentmeta>
<wp:commentmeta><wp:meta_key><![CDATA[_blognet_removed]]></wp:meta_key><wp:meta_value><![CDATA[1]]></wp:meta_value>\
</wp:commentmeta>
</wp:comment>
<wp:comment>
<wp:comment_id>4</wp:comment_id><wp:comment_author><![CDATA[Alice de Vries]]></wp:comment_author>
<wp:comment_date_gmt>2024-05-01 10:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[<p>Typ s:3:"ja"; in het veld.</p>]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>3</wp:comment_parent>
<wp:commentmeta><wp:meta_key><![CDATA[_blognet_markdown]]></wp:meta_key>
<wp:meta_value><![CDATA[s:28:"Typ `s:3:"ja";` in het veld.";]]></wp:meta_value></wp:commentmeta>
</wp:comment>
</item>
<item>
<title><![CDATA[Affiche]]></title><wp:post_id>8</wp:post_id><wp:status>inherit</wp:status>
<wp:post_type>attachment</wp:post_type>
<wp:attachment_url>https://blognet.example/media/posts/2024/05/affiche.jpg</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>posts/2024/05/affiche.jpg</wp:meta_value>\
</wp:postmeta>
</item>
<item>
<title><![CDATA[Kapot]]></title><wp:post_id>9</wp:post_id><wp:status>inherit</wp:status>
<wp:post_type>attachment</wp:post_type>
<wp:attachment_url>https://blognet.example/media/posts/2024/05/kapot.jpg</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>posts/2024/05/kapot.jpg</wp:meta_value>\
</wp:postmeta>
</item>
</channel>
</rss>
"""
AFFICHE = b"\xff\xd8\xff\xe0 affiche van de Boekenweek " * 40


def blognet_zip():
    """Blognet's own export: the WXR plus its images under media/, one of them damaged on the way."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("team-jeugd.xml", BLOGNET_WXR, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("media/posts/2024/05/affiche.jpg", AFFICHE, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("media/posts/2024/05/kapot.jpg", b"KAPOT" * 100)  # stored
    content = bytearray(out.getvalue())
    damaged_at = content.index(b"KAPOT" * 100) + 10
    content[damaged_at] ^= 0xFF
    return bytes(content)


def test_blognets_own_zip_brings_markdown_removed_comments_and_its_images():
    blog = read_bytes(blognet_zip(), name="team-jeugd.zip")
    assert blog.site == "https://blognet.example"
    post = blog.posts[0]
    assert post.markdown == (
        "Voorlezen met *Dolfje*\n![Affiche](https://blognet.example/media/posts/2024/05/affiche.jpg)"
    )
    assert (post.title, post.author_name) == ("Voorlezen: Dolfje & Noura", "Alice de Vries")
    assert post.tags == ["Voorlezen"]  # the category that named its blog for WordPress is no tag
    assert [(c.source_id, c.parent_id, c.state, c.markdown) for c in post.comments] == [
        ("7/c3", None, "removed", ""),
        # Text that looks like PHP's serialized data is stored as WordPress stores it, and read back.
        ("7/c4", "7/c3", "approved", 'Typ `s:3:"ja";` in het veld.'),
    ]
    assert set(blog.files) == {
        "https://blognet.example/media/posts/2024/05/affiche.jpg",
        "https://blognet.example/media/posts/2024/05/kapot.jpg",
    }
    assert blog.files["https://blognet.example/media/posts/2024/05/affiche.jpg"]() == AFFICHE


def test_a_damaged_image_in_the_zip_is_refused_only_when_it_is_read():
    blog = read_bytes(blognet_zip())  # reading the export never touched the image
    with pytest.raises(ImportRefused, match="beschadigd"):
        blog.files["https://blognet.example/media/posts/2024/05/kapot.jpg"]()


def test_an_image_in_the_zip_above_the_upload_limit_is_refused(settings):
    settings.BLOGNET_MAX_UPLOAD_BYTES = 500
    blog = read_bytes(blognet_zip())
    with pytest.raises(ImportRefused, match="De afbeelding affiche.jpg is groter dan 500"):
        blog.files["https://blognet.example/media/posts/2024/05/affiche.jpg"]()


def test_zips_that_are_no_single_export_are_refused():
    wxr = (FIXTURES / "wordpress.xml").read_bytes()
    assert refusal(zipped({"leesmij.txt": b"hallo"})) == "In dit zipbestand staat geen export (geen .xml-bestand)."
    assert "staan meer exports (a.xml, b.xml)" in refusal(zipped({"a.xml": wxr, "b.xml": wxr}))
    assert "buiten de map wijst: ../../etc/cron.d/x.xml" in refusal(zipped({"../../etc/cron.d/x.xml": wxr}))
    assert "buiten de map wijst: /tmp/x.xml" in refusal(zipped({"/tmp/x.xml": wxr}))
    assert "meer dan 20000 bestanden" in refusal(zipped({f"media/{n}.jpg": b"" for n in range(20_001)}))
    assert "manier die Blognet niet kent" in refusal(zipped({"export.xml": wxr}, compression=zipfile.ZIP_BZIP2))


def test_a_zip_with_a_password_is_refused():
    content = bytearray(zipped({"export.xml": (FIXTURES / "wordpress.xml").read_bytes()}))
    for header, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        content[content.index(header) + offset] |= 0x1  # the flag an encrypting zip tool sets
    assert "met een wachtwoord beveiligd" in refusal(bytes(content))


# Files that are no export, or attacks


def test_an_empty_file_is_refused():
    assert refusal(b"") == "Dit bestand is leeg."


def test_a_file_that_is_not_xml_is_refused():
    assert refusal(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj") == "Dit bestand is geen export van Blogger of WordPress."
    with pytest.raises(ImportRefused, match="„notulen.pdf” is geen export van Blogger of WordPress."):
        read_bytes(b"%PDF-1.7\n", name="notulen.pdf")
    assert refusal(b"<!DOCTYPE html>\n<html><body>Mijn blog</body></html>") == (
        "Dit bestand is geen export van Blogger of WordPress."
    )
    assert refusal(b'<?xml version="1.0"?><opml version="2.0"><body/></opml>') == (
        "Dit bestand is geen export van Blogger of WordPress."
    )


def test_feeds_that_are_no_export_are_refused_with_what_to_upload_instead():
    rss = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Bibliotheekblog</title><item><title>Boekenweek</title></item></channel></rss>"""
    atom = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Leesclub</title>
<entry><id>tag:blogger.com,1999:blog-1.post-2</id><title>Boekenweek</title></entry></feed>"""
    assert refusal(rss).startswith("Dit is een RSS-feed, geen export van WordPress.")
    assert refusal(atom).startswith("Dit is een Atom-feed, geen back-up van Blogger.")


def test_malformed_xml_is_refused_with_its_line():
    content = (FIXTURES / "wordpress.xml").read_bytes().replace(b"<title>Bibliotheek Eindhoven", b"<titel>Bieb", 1)
    line = content[: content.index(b"<titel>")].count(b"\n") + 1
    assert refusal(content).startswith(f"Dit bestand is geen geldige XML (fout op regel {line}).")


def test_an_encoding_that_could_hide_a_doctype_is_refused():
    content = b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE r+AD4-<rss/>'
    assert refusal(content) == "Dit bestand gebruikt de tekenset UTF-7; Blognet leest exports in UTF-8."


DOCTYPE_REFUSED = "Dit bestand bevat een DOCTYPE-verklaring; die accepteert Blognet niet"


def billion_laughs():
    """Nine levels of ten references each: a billion "lol"s from a file of a kilobyte."""
    entities = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        references = f"&lol{level - 1};" * 10
        entities.append(f'<!ENTITY lol{level} "{references}">')
    return f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{"".join(entities)}\n]>\n<rss><channel>&lol9;</channel></rss>'


def quadratic_blowup():
    big = "A" * 100_000
    return f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "{big}">]><feed>{"&a;" * 100_000}</feed>'


@pytest.mark.parametrize(
    "content",
    [
        billion_laughs().encode(),
        quadratic_blowup().encode(),
        # Hidden behind what may stand before it: a byte order mark, comments, a processing instruction.
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- export -->\n<?pi x?>\n<!doctype rss [<!ENTITY a "b">]><rss>&a;</rss>',
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE rss [<!ENTITY a "b">]><rss>&a;</rss>'.encode("utf-16"),
    ],
    ids=["billion laughs", "quadratic blowup", "behind a prolog", "utf-16"],
)
def test_entity_bombs_are_refused_for_their_doctype(content):
    started = time.monotonic()
    assert refusal(content).startswith(DOCTYPE_REFUSED)
    assert time.monotonic() - started < 2


@pytest.fixture
def listener():
    """A web server on 127.0.0.1 that writes down every request it gets."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY leak "binnengehaald">')

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def test_external_entities_read_no_file_and_fetch_nothing(tmp_path, listener):
    address, requests = listener
    secret = tmp_path / "geheim.txt"
    secret.write_text("wachtwoord-van-de-directeur")
    passwd = Path("/etc/passwd").read_text().splitlines()[0]
    attacks = [
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>',
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]><rss>&x;</rss>',
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{address}/export.dtd"><rss>&leak;</rss>',
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "{address}/p.dtd"> %p;]><rss/>',
    ]
    for attack in attacks:
        message = refusal(attack.encode())
        assert message.startswith(DOCTYPE_REFUSED)
        assert passwd not in message and "wachtwoord-van-de-directeur" not in message
    assert requests == []


WXR_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">'
    b"<channel><wp:wxr_version>1.2</wp:wxr_version>"
)


def test_a_post_of_countless_elements_is_refused_before_they_fill_memory():
    content = WXR_HEAD + b"<item>" + b"<x/>" * 500_001 + b"</item></channel></rss>"
    assert refusal(content).startswith("Een bericht in dit bestand is te groot om in te lezen")


def write_gzip_bomb(path, unpacked_mib):
    """A gzip file that unpacks to WXR followed by `unpacked_mib` MiB of white space and empty
    elements: one deflate block written over and over, so making it takes a second and no memory."""
    filler = b" " * (MiB - 4) + b"<x/>"
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = deflate.compress(WXR_HEAD) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(filler) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(WXR_HEAD)
    with open(path, "wb") as file:
        file.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + head)
        for _ in range(unpacked_mib):
            file.write(block)
            crc = zlib.crc32(filler, crc)
        file.write(deflate.flush(zlib.Z_FINISH))
        file.write(struct.pack("<II", crc, (len(WXR_HEAD) + unpacked_mib * MiB) & 0xFFFFFFFF))
    return path


def write_zip_bomb(path, unpacked_mib, *, claimed_size=None):
    """A zip holding one WXR of `unpacked_mib` MiB; `claimed_size` makes its headers lie about that."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("export.xml", "w", force_zip64=False) as member:
            member.write(WXR_HEAD)
            for _ in range(unpacked_mib):
                member.write(b" " * (MiB - 4) + b"<x/>")
    if claimed_size is not None:
        content = bytearray(path.read_bytes())
        for header, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            at = content.index(header) + offset
            content[at : at + 4] = struct.pack("<I", claimed_size)
        path.write_bytes(bytes(content))
    return path


@pytest.fixture(scope="module")
def gzip_bomb(tmp_path_factory):
    return write_gzip_bomb(tmp_path_factory.mktemp("bomb") / "export.xml.gz", 1024)


def test_a_gzip_bomb_is_refused_after_the_limit_without_unpacking_the_rest(gzip_bomb):
    assert gzip_bomb.stat().st_size < 2 * MiB
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refused:
        read(gzip_bomb)
    assert str(refused.value) == (
        "Dit bestand is groter dan 100,0\xa0MB na uitpakken; zo grote exports neemt Blognet niet aan."
    )
    assert time.monotonic() - started < 30


def test_a_zip_bomb_is_refused_from_its_sizes(tmp_path):
    bomb = write_zip_bomb(tmp_path / "export.zip", 150)
    assert bomb.stat().st_size < 2 * MiB
    with pytest.raises(ImportRefused, match="groter dan 100,0\xa0MB na uitpakken"):
        read(bomb)


def test_a_zip_whose_sizes_lie_is_refused_as_damaged(tmp_path):
    liar = write_zip_bomb(tmp_path / "export.zip", 20, claimed_size=len(WXR_HEAD) + 100)
    with pytest.raises(ImportRefused, match="beschadigd"):
        read(liar)


def test_a_plain_file_above_the_limit_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "export.xml"
    with open(huge, "wb") as file:
        file.write(WXR_HEAD)
        file.truncate(201 * MiB)  # sparse: no disk, no time
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refused:
        read(huge)
    assert str(refused.value) == "Dit bestand is groter dan 100,0\xa0MB; zo grote exports neemt Blognet niet aan."
    assert time.monotonic() - started < 1


MEASURE = r"""
import json, sys
import django
django.setup()
from imports.errors import ImportRefused
from imports.formats import read_export

def peak_kib():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])


# The peak so far is the test process's, inherited through fork: start counting from here.
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")
before_kib = peak_kib()
refusals = []
for path in sys.argv[1:]:
    with open(path, "rb") as file:
        try:
            read_export(file)
        except ImportRefused as refused:
            refusals.append(refused.code)
print(json.dumps({"refusals": refusals, "before_kib": before_kib, "peak_kib": peak_kib()}))
"""


def test_bombs_leave_the_memory_of_the_process_that_reads_them_flat(tmp_path, gzip_bomb):
    laughs = tmp_path / "laughs.xml"
    laughs.write_text(billion_laughs())
    zip_liar = write_zip_bomb(tmp_path / "export.zip", 20, claimed_size=len(WXR_HEAD) + 100)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "blognet.settings"}
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(gzip_bomb), str(laughs), str(zip_liar)],
        env=env,
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["refusals"] == ["too_big", "doctype", "damaged"]
    # A gigabyte of gzip, a billion laughs and a lying zip, one after the other, in the same process:
    # the peak stays where Django and lxml alone put it (about 75 MiB), far below the bound.
    peak_mib, grown_mib = measured["peak_kib"] // 1024, (measured["peak_kib"] - measured["before_kib"]) // 1024
    assert peak_mib < 300 and grown_mib < 50, f"peak {peak_mib} MiB, {grown_mib} MiB more than before reading"


# From imported HTML to Markdown


def test_markdown_keeps_headings_links_images_and_line_breaks():
    markdown = to_markdown(
        "<h2>Programma</h2><p>Zie <a href='https://www.bibliotheek.nl/boekenweek_2024/programma'>het"
        " programma</a>.<br />\nAanmelden bij de balie.</p>"
        "<p><img src='https://blog.example/wp-content/uploads/2024/03/affiche_groot.jpg' alt='Affiche'></p>"
    )
    assert markdown == (
        "## Programma\n\n"
        "Zie [het programma](https://www.bibliotheek.nl/boekenweek_2024/programma).  \n"
        "Aanmelden bij de balie.\n\n"
        "![Affiche](https://blog.example/wp-content/uploads/2024/03/affiche_groot.jpg)"
    )
    assert render_markdown(markdown) == (
        "<h3>Programma</h3>\n"
        '<p>Zie <a href="https://www.bibliotheek.nl/boekenweek_2024/programma" rel="noopener noreferrer">het '
        "programma</a>.<br>\nAanmelden bij de balie.</p>\n"
        '<p><img alt="Affiche" src="https://blog.example/wp-content/uploads/2024/03/affiche_groot.jpg"></p>'
    )


def test_markdown_treats_newlines_in_html_as_spaces_and_two_breaks_as_a_new_paragraph():
    assert to_markdown("<p>Een zin die\nin de bron doorloopt.</p>") == "Een zin die in de bron doorloopt."
    assert to_markdown("Eerste tip.<br /><br />Tweede tip.") == "Eerste tip.\n\nTweede tip."


def test_markdown_leaves_underscores_in_words_and_addresses_alone_but_escapes_emphasis():
    markdown = to_markdown("<p>Zie https://bieb.example/lijst_2024_jeugd en _dit_ en 3*4*5</p>")
    assert markdown == r"Zie https://bieb.example/lijst_2024_jeugd en \_dit\_ en 3\*4\*5"
    assert render_markdown(markdown) == "<p>Zie https://bieb.example/lijst_2024_jeugd en _dit_ en 3*4*5</p>"


def test_markdown_nested_lists_stay_nested_after_rendering():
    markdown = to_markdown("<ul><li>Jeugd<ul><li>Voorlezen</li><li>Knutselen</li></ul></li><li>Volwassenen</li></ul>")
    assert render_markdown(markdown) == (
        "<ul>\n<li>Jeugd<ul>\n<li>Voorlezen</li>\n<li>Knutselen</li>\n</ul>\n</li>\n<li>Volwassenen</li>\n</ul>"
    )


def test_markdown_drops_scripts_styles_and_frames_with_their_text():
    markdown = to_markdown(
        "<p>Welkom</p><script>document.cookie='gestolen'</script><style>.banner{display:none}</style>"
        "<iframe src='https://www.youtube.com/embed/x'>Je browser toont geen video</iframe>"
        "<noscript>Zet JavaScript aan</noscript>"
    )
    assert markdown == "Welkom"


@pytest.mark.django_db
def test_hostile_imported_html_never_reaches_the_rendered_page():
    hostile = (
        "<p onclick='alert(1)'>Hallo</p><script>alert('script')</script>"
        "<img src=x onerror=alert('img')><a href='javascript:alert(2)'>klik</a>"
        "<p>&lt;script&gt;alert('tekst')&lt;/script&gt;</p>"
        "<svg onload=alert(3)></svg><iframe src='javascript:alert(4)'></iframe>"
    )
    rendered = render_markdown(to_markdown(hostile))
    assert "<script" not in rendered and "onerror" not in rendered and "onclick" not in rendered
    assert "javascript:" not in rendered and "onload" not in rendered and "<iframe" not in rendered
    assert "Hallo" in rendered and ">klik</a>" in rendered
    assert "&lt;script&gt;alert('tekst')&lt;/script&gt;" in rendered  # shown as the text it was
