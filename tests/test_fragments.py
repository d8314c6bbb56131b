"""Cached fragments (blogs/fragments.py): a write shows at once in every worker, and the cached
front page reads nothing of the history."""

import re
from datetime import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import update_last_login
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blognet.models import ContentGeneration
from blogs.models import Post, Tag
from blogs.services import delete_post, save_post
from comments.services import add_comment, edit_comment, remove_comment, restore_comment
from tests.conftest import as_worker


def front(client):
    return client.get(reverse("blogs:front_page")).content.decode()


def section(page, heading_id):
    return page.split(f'id="{heading_id}"')[1].split("</section>")[0]


def new_post(blog, author, title):
    return save_post(Post(blog=blog, author=author, title=title, body="Tekst."), publish=True)


WRITES = {
    "publishing a post": lambda post, comment, alice: new_post(alice.personal_blog, alice, "Nog een bericht"),
    "editing a post": lambda post, comment, alice: save_post(post, publish=True),
    "taking a post back to draft": lambda post, comment, alice: save_post(post, publish=False),
    "deleting a post": lambda post, comment, alice: delete_post(post),
    "adding a comment": lambda post, comment, alice: add_comment(post=post, author=alice, body="Ja"),
    "editing a comment": lambda post, comment, alice: edit_comment(comment, body="Anders"),
    "removing a comment": lambda post, comment, alice: remove_comment(comment, by=alice),
    "restoring a comment": lambda post, comment, alice: restore_comment(comment),
    "deleting a comment in the admin": lambda post, comment, alice: comment.delete(),
    "renaming a colleague": lambda post, comment, alice: setattr(alice, "display_name", "Alice B") or alice.save(),
    "renaming a blog": lambda post, comment, alice: setattr(post.blog, "title", "Anders") or post.blog.save(),
    "deleting a blog": lambda post, comment, alice: post.blog.delete(),
    "renaming a tag": lambda post, comment, alice: Tag.objects.filter(name="jeugd").get().save(),
    "deleting tags in the admin": lambda post, comment, alice: Tag.objects.all().delete(),
}


@pytest.mark.parametrize("write", WRITES)
def test_every_write_path_changes_the_generation(alice, bob, make_post, make_comment, write):
    post = make_post(tags=["jeugd"])
    comment = make_comment(post)
    before = ContentGeneration.current()
    WRITES[write](post, comment, alice)
    assert ContentGeneration.current() > before


def test_a_login_changes_no_generation(alice):
    before = ContentGeneration.current()
    update_last_login(None, alice)  # what a login saves of the user
    assert ContentGeneration.current() == before


def test_a_delete_changes_the_generation_once_not_per_row_it_takes_along(alice, bob, make_post, make_comment):
    post = make_post()
    for n in range(3):
        make_comment(post, f"Reactie {n}")
    before = ContentGeneration.current()
    delete_post(post)
    assert ContentGeneration.current() == before + 1


def test_a_write_in_one_worker_shows_in_the_other_at_its_next_request(
    client, alice, bob, make_post, personeelsblog, workers
):
    post = make_post(title="Leesclub", author=alice, blog=personeelsblog)
    client.force_login(bob)
    for worker in workers:
        with as_worker(worker):
            page = front(client)
            assert "Leesclub" in section(page, "personeelsblog-heading") and "0 reacties" in page

    with as_worker("worker-a"):
        comment = add_comment(post=post, author=bob, body="Ik doe mee")
    for worker in workers:
        with as_worker(worker):
            page = front(client)
            assert "1 reactie" in page and "Bob Jansen" in section(page, "latest-comments-heading")
            assert "1 nieuwe reactie" in section(page, "most-discussed-heading")

    with as_worker("worker-a"):
        post.refresh_from_db()  # as the editor loads it
        post.title = "Leesclub voor tieners"
        save_post(post, publish=True)
        alice.display_name = "Alice Bakker"
        alice.save()
    for worker in workers:
        with as_worker(worker):
            page = front(client)
            assert "Leesclub voor tieners" in section(page, "personeelsblog-heading")
            assert "Alice Bakker" in section(page, "personeelsblog-heading")

    with as_worker("worker-b"):
        remove_comment(comment, by=bob)
    for worker in workers:
        with as_worker(worker):
            page = front(client)
            assert "0 reacties" in page and "Bob Jansen" not in section(page, "latest-comments-heading")

    with as_worker("worker-a"):
        save_post(post, publish=False)
    for worker in workers:
        with as_worker(worker):
            assert "Leesclub" not in front(client)


def test_a_scheduled_post_appears_in_every_worker_at_its_moment(client, alice, bob, workers):
    moment = timezone.now() + timezone.timedelta(hours=2)
    post = save_post(Post(blog=alice.personal_blog, author=alice, title="Later", body="Tekst."), publish=True)
    save_post(post, publish=True, published_at=moment)
    client.force_login(bob)
    for worker in workers:
        with as_worker(worker):
            assert "Later" not in front(client)
    with mock.patch("django.utils.timezone.now", return_value=moment + timezone.timedelta(seconds=1)):
        for worker in workers:
            with as_worker(worker):
                assert "Later" in front(client)


def test_each_reader_gets_their_own_new_marks_from_the_shared_fragments(client, alice, bob, make_post, make_comment):
    post = make_post(title="Van Bob", author=bob)
    make_comment(post, "Reactie van Bob", author=bob)
    for reader in (alice, bob):
        reader.last_seen_at = timezone.now() - timezone.timedelta(days=1)
        reader.save()
    client.force_login(alice)
    page = front(client)
    assert ">nieuw<" in page.split("Van Bob</a>")[0].rsplit("<article", 1)[1]
    assert ">nieuw<" in section(page, "latest-comments-heading")
    client.force_login(bob)
    assert ">nieuw<" not in front(client).split("Van Bob</a>")[0].rsplit("<article", 1)[1]  # his own post


def test_how_long_ago_a_comment_was_written_is_told_at_each_request(client, alice, bob, make_post, make_comment):
    make_comment(make_post(), "Eens", created_at=timezone.now() - timezone.timedelta(hours=3))
    client.force_login(alice)
    assert "3\xa0uur geleden" in section(front(client), "latest-comments-heading")
    with mock.patch("django.contrib.humanize.templatetags.humanize.datetime", AnHourLater):
        assert "4\xa0uur geleden" in section(front(client), "latest-comments-heading")


class AnHourLater(datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime.now(tz) + timezone.timedelta(hours=1)


HISTORY = {"blogs_post", "blogs_tag", "blogs_blog", "blogs_post_tags", "comments_comment", "comments_dailycomments"}


def first_table(sql):
    """The table a query reads from first (other apps' queries on the page may join posts)."""
    return re.search(r'\bFROM "(\w+)"', sql)[1]


def test_the_cached_front_page_reads_nothing_of_posts_comments_or_tags(client, alice, bob, make_post, make_comment):
    post = make_post(tags=["jeugd"])
    make_comment(post)
    client.force_login(alice)
    front(client)
    with CaptureQueriesContext(connection) as queries:
        front(client)
    assert not [query["sql"] for query in queries if first_table(query["sql"]) in HISTORY]


def test_a_card_that_left_the_cache_is_made_again(client, alice, make_post):
    """A page's fragment holds its cards' keys; the cards are cached on their own and may be culled."""
    from django.core.cache import cache

    from blogs import cards

    post = make_post(title="Blijft zichtbaar")
    client.force_login(alice)
    assert "Blijft zichtbaar" in front(client)
    cache.delete(cards._key(Post.objects.for_listing().get(pk=post.pk)))
    assert "Blijft zichtbaar" in front(client)


def directory_card(client, person, **query):
    page = client.get(reverse("people:directory"), query).content.decode()
    cards = page.split('<ul class="row list-unstyled g-3">')[1]  # not the menu's link to your own profile
    return cards.split(f'href="{person.get_absolute_url()}"')[1].split("</li>")[0]


def test_the_directory_shows_each_write_in_every_worker_at_its_next_request(
    client, alice, bob, make_user, make_post, workers
):
    post = make_post(title="Leesclub", author=alice)
    client.force_login(bob)
    for worker in workers:
        with as_worker(worker):
            assert "Leesclub" in directory_card(client, alice) and "Laatste reactie" not in directory_card(client, bob)

    with as_worker("worker-a"):
        comment = add_comment(post=post, author=bob, body="Ik doe mee")
        new_post(alice.personal_blog, alice, "Zomerlezen")
        alice.display_name, alice.department = "Alice Bakker", "Educatie"
        alice.save()
    for worker in workers:
        with as_worker(worker):
            assert "Laatste reactie" in directory_card(client, bob) and "· nu<" in directory_card(client, bob)
            assert "Zomerlezen" in directory_card(client, alice) and "Alice Bakker" in directory_card(client, alice)
            # A department's page is its own: Bob (Collectie) is not on Educatie's.
            educatie = client.get(reverse("people:directory"), {"department": "Educatie"}).content.decode()
            assert "Alice Bakker" in educatie and bob.get_absolute_url() not in educatie.split("list-unstyled g-3")[1]

    with as_worker("worker-b"):
        remove_comment(comment, by=bob)
    for worker in workers:
        with as_worker(worker):
            assert "Laatste reactie" not in directory_card(client, bob)


def test_the_cached_directory_reads_nothing_of_posts_or_comments(client, alice, bob, make_post, make_comment):
    make_comment(make_post(author=alice), author=bob)
    client.force_login(alice)
    client.get(reverse("people:directory"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("people:directory")).content.decode()
    assert "Laatste reactie" in page
    assert not {first_table(query["sql"]) for query in queries} & HISTORY


def test_the_blog_list_and_a_tag_page_count_a_new_post_in_every_worker_at_once(
    client, alice, bob, make_post, workers, monkeypatch
):
    from blogs import views

    for n in range(3):
        make_post(title=f"Bericht {n}", author=alice, tags=["jeugd"])
    monkeypatch.setattr(views, "POSTS_PER_PAGE", 2)  # two pages of the tag's three posts
    client.force_login(bob)
    tag_page = reverse("blogs:tag_detail", args=["jeugd"])
    for worker in workers:
        with as_worker(worker):
            assert "Pagina 1 van 2" in client.get(tag_page).content.decode()
            assert "3 berichten" in client.get(reverse("blogs:blog_list")).content.decode()

    with as_worker("worker-a"):
        for n in range(2):
            save_post(
                Post(blog=alice.personal_blog, author=alice, title=f"Nieuw {n}", body="x"),
                publish=True,
                tag_names=["jeugd"],
            )
    for worker in workers:
        with as_worker(worker):
            assert "Pagina 1 van 3" in client.get(tag_page).content.decode()
            assert "5 berichten" in client.get(reverse("blogs:blog_list")).content.decode()


def test_the_cached_blog_list_reads_no_posts_and_a_tag_page_counts_none(client, alice, make_post):
    make_post(author=alice, tags=["jeugd"])
    client.force_login(alice)

    def second_request(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        # Not the bell's count, which joins the posts of one's notifications.
        return [q["sql"] for q in queries if first_table(q["sql"]) != "notifications_notification"]

    assert [sql for sql in second_request(reverse("blogs:blog_list")) if '"blogs_post"' in sql] == []
    tag_page = second_request(reverse("blogs:tag_detail", args=["jeugd"]))
    assert [sql for sql in tag_page if "COUNT(" in sql and first_table(sql) == "blogs_post"] == []


def test_a_blog_page_a_tag_page_and_a_profile_show_each_write_in_every_worker_and_read_no_post_when_seen_before(
    client, alice, bob, make_post, workers
):
    post = make_post(title="Leesclub", author=alice, tags=["jeugd"])
    pages = [
        alice.personal_blog.get_absolute_url(),
        reverse("blogs:tag_detail", args=["jeugd"]),
        alice.get_absolute_url(),
    ]
    client.force_login(bob)
    for worker in workers:
        with as_worker(worker):
            for url in pages:
                page = client.get(url).content.decode()
                assert "Leesclub" in page and "0 reacties" in page

    with as_worker("worker-a"):
        post.refresh_from_db()  # as the editor loads it
        post.title = "Leesclub voor tieners"
        save_post(post, publish=True, tag_names=["jeugd"])
        add_comment(post=post, author=bob, body="Ik doe mee")
    for worker in workers:
        with as_worker(worker):
            for url in pages:
                page = client.get(url).content.decode()
                assert "Leesclub voor tieners" in page and "1 reactie" in page

    for url in pages:  # seen by worker-a just now
        with as_worker("worker-a"), CaptureQueriesContext(connection) as queries:
            client.get(url)
        # The cards' posts and tags (a profile's list of comments names their posts: not a card).
        sqls = [q["sql"] for q in queries]
        read = [sql for sql in sqls if first_table(sql) == "blogs_post" and '"blogs_post"."title"' in sql]
        assert read + [sql for sql in sqls if '"blogs_post_tags"' in sql] == [], url
