import feedparser
import pytest
from django.urls import reverse

from blogs.models import Post


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
