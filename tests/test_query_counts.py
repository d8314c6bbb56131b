"""Pages run the same number of queries whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.queries import count_made_and_cached


def add_posts(make_post, make_user, n):
    for i in range(n):
        author = make_user(f"collega{i}{make_post.__hash__() % 7}{n}") if i % 3 == 0 else None
        fields = {"title": f"Bericht {i}", "tags": [f"tag{i % 4}", "algemeen"]}
        if author:
            fields["author"] = author
        make_post(**fields)


PAGES = {
    "front page": lambda alice, post: reverse("blogs:front_page"),
    "blog page": lambda alice, post: alice.personal_blog.get_absolute_url(),
    "post page": lambda alice, post: post.get_absolute_url(),
    "blog list": lambda alice, post: reverse("blogs:blog_list"),
    "directory": lambda alice, post: reverse("people:directory"),
    "profile": lambda alice, post: alice.get_absolute_url(),
    "tag page": lambda alice, post: reverse("blogs:tag_detail", args=["algemeen"]),
}


@pytest.mark.parametrize("page", PAGES)
def test_page_queries_do_not_grow_with_posts(client, alice, make_post, make_user, page):
    client.force_login(alice)
    post = make_post(tags=["algemeen"])
    add_posts(make_post, make_user, 3)
    url = PAGES[page](alice, post)
    client.get(url)  # the first page of a visit also records the visit
    with_few = count_made_and_cached(client, url)
    add_posts(make_post, make_user, 30)
    assert count_made_and_cached(client, url) == with_few


def test_notification_list_queries_do_not_grow_with_notifications(client, alice, make_post, make_user, make_comment):
    post = make_post()
    client.force_login(alice)
    url = reverse("notifications:notification_list")
    make_comment(post, author=make_user("eerste"), body="Hoi @alice")
    client.get(url)  # the first page of a visit also records the visit
    with_one = count_made_and_cached(client, url)
    for n in range(30):
        other = make_post(title=f"Bericht {n}")
        make_comment(other, author=make_user(f"collega{n}"), body=f"Reactie {n}")
    assert count_made_and_cached(client, url) == with_one


def editorship_asked(queries):
    """The queries asking whether the reader edits a blog (the post's own lookup asks it as well)."""
    return [query for query in queries if query["sql"].startswith('SELECT 1 AS "a" FROM "blogs_blog" INNER JOIN')]


def test_a_post_page_on_a_personal_blog_asks_no_one_about_editing(client, alice, bob, make_post, make_comment):
    """A personal blog has no editors: neither the post's edit button nor the thread's remove links
    need to ask the memberships."""
    post = make_post()
    for _ in range(3):
        make_comment(post)
    client.force_login(bob)
    with CaptureQueriesContext(connection) as queries:
        client.get(post.get_absolute_url())
    assert not editorship_asked(queries)


def test_a_post_page_on_a_shared_blog_asks_about_editing_once(client, alice, bob, team_blog, make_post, make_comment):
    post = make_post(blog=team_blog)
    for _ in range(3):
        make_comment(post)
    client.force_login(bob)
    with CaptureQueriesContext(connection) as queries:
        client.get(post.get_absolute_url())
    # The post's edit button and the thread's remove links ask once; decisions' own rules once more.
    assert len(editorship_asked(queries)) <= 2


def test_a_post_page_asks_for_a_proposal_once_and_for_steps_only_when_there_is_one(client, bob, make_post):
    """The banner and the thread's steps share one lookup of the proposal (decisions' tags)."""
    post = make_post()
    client.force_login(bob)
    with CaptureQueriesContext(connection) as queries:
        client.get(post.get_absolute_url())
    tables = [query["sql"].split(" FROM ", 1)[1].split()[0] for query in queries if " FROM " in query["sql"]]
    assert tables.count('"decisions_proposal"') == 1
    assert '"decisions_event"' not in tables
