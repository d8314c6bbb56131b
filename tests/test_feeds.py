import feedparser
import pytest
from django.urls import reverse

from blogs.models import Blog, Post, Tag
from comments.models import Comment
from people.models import User


def parse(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.fixture
def posts(make_post, bob, personeelsblog):
    return {
        "published": make_post(title="Gepubliceerd", body="## Kop\n\n**Volledige** tekst", tags=["jeugd"]),
        "draft": make_post(title="Concept van Alice", status=Post.Status.DRAFT),
        "bob": make_post(author=bob, title="Van Bob", blog=personeelsblog),
        "bob_draft": make_post(author=bob, title="Concept van Bob", status=Post.Status.DRAFT),
    }


def titles(feed):
    return {entry.title for entry in feed.entries}


def test_all_posts_feed_has_full_content_author_tags_and_stable_ids(client, alice, posts):
    client.force_login(alice)
    feed = parse(client, reverse("blogs:feed"))
    assert titles(feed) == {"Gepubliceerd", "Van Bob"}
    entry = next(e for e in feed.entries if e.title == "Gepubliceerd")
    assert "<strong>Volledige</strong>" in entry.content[0].value
    assert entry.author == "Alice de Vries"
    assert [t.term for t in entry.tags] == ["jeugd"]
    assert entry.id == f"urn:blognet:post:{posts['published'].pk}"
    assert entry.link.endswith(posts["published"].get_absolute_url())
    again = parse(client, reverse("blogs:feed"))
    assert [e.id for e in again.entries] == [e.id for e in feed.entries]


def test_blog_and_tag_feeds(client, alice, posts, personeelsblog):
    client.force_login(alice)
    assert titles(parse(client, reverse("blogs:blog_feed", args=[personeelsblog.slug]))) == {"Van Bob"}
    assert titles(parse(client, reverse("blogs:tag_feed", args=["jeugd"]))) == {"Gepubliceerd"}


def test_comments_feed_of_one_post(client, alice, bob, posts, make_comment):
    post = posts["published"]
    make_comment(post, "Eerste reactie", author=bob)
    removed = make_comment(post, "Weggehaald", author=bob)
    removed.removed_at = removed.created_at
    removed.save()
    client.force_login(alice)
    feed = parse(client, reverse("comments:post_comments_feed", args=[post.pk]))
    assert [e.summary for e in feed.entries] == ["<p>Eerste reactie</p>"]
    assert feed.entries[0].link.endswith(f"#comment-{post.comments.first().pk}")


def test_private_token_feed_works_without_a_session_and_shows_only_what_its_owner_may_read(client, alice, posts):
    feed = parse(client, reverse("blogs:feed"), token=alice.feed_token)
    # Alice's own draft is not published, Bob's draft is not hers: neither is in any feed.
    assert titles(feed) == {"Gepubliceerd", "Van Bob"}
    blog_feed = parse(client, reverse("blogs:blog_feed", args=[alice.personal_blog.slug]), token=alice.feed_token)
    assert titles(blog_feed) == {"Gepubliceerd"}


def test_token_feed_for_comments_on_a_draft_is_404(client, alice, bob, posts):
    response = client.get(
        reverse("comments:post_comments_feed", args=[posts["bob_draft"].pk]), {"token": alice.feed_token}
    )
    assert response.status_code == 404


def test_unknown_token_is_404_and_no_token_asks_for_login(client, posts):
    assert client.get(reverse("blogs:feed"), {"token": "verzonnen"}).status_code == 404
    response = client.get(reverse("blogs:feed"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_replacing_the_token_stops_the_old_address(client, alice, posts):
    old = alice.feed_token
    client.force_login(alice)
    client.post(reverse("people:feed_token_replace"))
    alice.refresh_from_db()
    assert alice.feed_token != old
    client.logout()
    assert client.get(reverse("blogs:feed"), {"token": old}).status_code == 404
    assert client.get(reverse("blogs:feed"), {"token": alice.feed_token}).status_code == 200


def test_own_profile_shows_the_private_feed_address(client, alice, bob):
    client.force_login(alice)
    assert alice.feed_token in client.get(alice.get_absolute_url()).content.decode()
    assert bob.feed_token not in client.get(bob.get_absolute_url()).content.decode()


def test_feed_queries_do_not_grow_with_posts(client, alice, make_post):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_post(tags=["a"])
    client.force_login(alice)
    client.get(reverse("blogs:feed"))  # the first page of a visit also records the visit
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("blogs:feed"))
    for n in range(20):
        make_post(title=f"Nog {n}", tags=["a", "b"])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("blogs:feed"))
    assert len(many) == len(few)


HOSTILE_TEXT = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script> en &lt;b&gt;"]


def post_feeds(post):
    return [
        reverse("blogs:feed"),
        reverse("blogs:blog_feed", args=[post.blog.slug]),
        reverse("blogs:tag_feed", args=["jeugd"]),
    ]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_a_summary_reaches_feed_readers_as_the_literal_text_it_is(client, alice, make_post, text):
    # The excerpt is plain text with entities decoded: markup shown as code on the page must stay
    # text in a reader that renders summaries, never become an element.
    post = make_post(body=f"Zo ziet het eruit: `{text}`", tags=["jeugd"])
    assert text in post.excerpt
    client.force_login(alice)
    for url in post_feeds(post):
        (entry,) = parse(client, url).entries
        assert entry.summary_detail.type == "text/plain", url
        assert entry.summary == post.excerpt, url
        assert text in entry.content[0].value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_a_comment_summary_is_sanitized_html_where_typed_markup_stays_text(client, alice, bob, make_post, make_comment):
    # A comment's summary is the HTML its page shows (it went through the markup pipeline, which
    # escapes typed HTML and sanitizes the rest), so it is sent as HTML, like a post's <content>.
    post = make_post()
    make_comment(post, "Kijk: <img src=x onerror=alert(1)> en **vet**", author=bob)
    client.force_login(alice)
    (entry,) = parse(client, reverse("comments:post_comments_feed", args=[post.pk])).entries
    assert entry.summary_detail.type == "text/html"
    assert "<strong>vet</strong>" in entry.summary
    assert "<img" not in entry.summary
    assert "&lt;img src=x onerror=alert(1)&gt;" in entry.summary


def test_characters_xml_cannot_carry_never_break_a_feed(client, alice, bob, make_post, make_comment):
    # Rows written past the input cleaning (old data, a raw import, a missed path): the feeds drop
    # what XML 1.0 cannot carry instead of answering 500 or sending XML no reader parses.
    post = make_post(tags=["jeugd"])
    comment = make_comment(post, "Goed idee", author=bob)
    Post.objects.filter(pk=post.pk).update(
        title="a\x0bb\ufffe", body_html="<p>\x0e&#14;x\x08\uffff</p>", excerpt="sa\x1bmen\ufffe"
    )
    Comment.objects.filter(pk=comment.pk).update(body_html="<p>re\x0cactie\x02</p>")
    User.objects.filter(pk=alice.pk).update(display_name="Alice\x1b de Vries")
    User.objects.filter(pk=bob.pk).update(display_name="Bob\x07 Jansen")
    Blog.objects.filter(pk=post.blog.pk).update(title="Blog\x0b van Alice")
    Tag.objects.filter(slug="jeugd").update(name="jeu\x1bgd")
    comments_url = reverse("comments:post_comments_feed", args=[post.pk])

    feeds = [parse(client, url, token=alice.feed_token) for url in [*post_feeds(post), comments_url]]
    client.force_login(alice)
    feeds += [parse(client, url) for url in [*post_feeds(post), comments_url]]

    for feed in feeds[:3] + feeds[4:7]:
        (entry,) = feed.entries
        assert entry.title == "ab"
        assert entry.summary == "samen"
        assert entry.author == "Alice de Vries"
        assert [t.term for t in entry.tags] == ["jeugd"]
        assert "x" in entry.content[0].value
    assert feeds[1].feed.title == "Blog van Alice"
    for feed in (feeds[3], feeds[7]):
        (entry,) = feed.entries
        assert feed.feed.title == "Reacties op „ab”"
        assert entry.title == "Bob Jansen reageerde"
        assert entry.summary == "<p>reactie</p>"
