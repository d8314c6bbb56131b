"""A post's thread from the cache (comments/thread_html.py): one shared HTML, filled per reader.

A comment written, edited, removed or restored shows at once in every worker; each reader sees
their own links, "nieuw" marks, reactions and the time as it is now, and never another reader's.
"""

import re
from unittest import mock

from django.urls import reverse
from django.utils import timezone

from comments.reactions import react
from comments.services import add_comment, edit_comment, remove_comment, restore_comment
from tests.conftest import as_worker
from tests.test_fragments import AnHourLater


def page_of(client, post):
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<!--c:" not in html  # every slot filled
    return html


def item(page, comment):
    """The HTML of one comment in the thread."""
    return page.split(f'<li id="comment-{comment.pk}"')[1].split("</article>")[0]


def links(page, comment):
    return set(re.findall(r'href="/comments/\d+/(edit|remove)/"', item(page, comment)))


def test_a_comment_written_edited_removed_or_restored_shows_in_both_workers_at_once(
    client, alice, bob, make_post, workers
):
    post = make_post()
    client.force_login(alice)
    for worker in workers:
        with as_worker(worker):
            assert "Nog geen reacties" in page_of(client, post)
    with as_worker("worker-a"):
        comment = add_comment(post=post, author=bob, body="Ik doe mee")
    for worker in workers:
        with as_worker(worker):
            assert "Ik doe mee" in item(page_of(client, post), comment)
    with as_worker("worker-b"):
        edit_comment(comment, body="Ik doe mee, op zaterdag")
    for worker in workers:
        with as_worker(worker):
            assert "Ik doe mee, op zaterdag" in item(page_of(client, post), comment)
            assert "(zojuist bewerkt)" in item(page_of(client, post), comment)
    with as_worker("worker-a"):
        remove_comment(comment, by=bob)
    for worker in workers:
        with as_worker(worker):
            shown = item(page_of(client, post), comment)
            assert "Deze reactie is verwijderd." in shown and "zaterdag" not in shown
    with as_worker("worker-b"):
        restore_comment(comment)
    for worker in workers:
        with as_worker(worker):
            assert "Ik doe mee, op zaterdag" in item(page_of(client, post), comment)


def test_each_reader_gets_the_links_their_role_gives_them(client, alice, bob, make_user, make_post):
    carol = make_user("carol")
    post = make_post(author=carol)  # on Carol's blog: she looks after its conversation
    by_alice = add_comment(post=post, author=alice, body="Van Alice")
    by_bob = add_comment(post=post, author=bob, body="Van Bob")
    for reader, own, other in ((alice, by_alice, by_bob), (bob, by_bob, by_alice)):
        client.force_login(reader)
        page = page_of(client, post)
        assert links(page, own) == {"edit", "remove"}
        assert links(page, other) == set()
        assert "Reageren" in item(page, other)
    client.force_login(carol)
    page = page_of(client, post)
    assert links(page, by_alice) == links(page, by_bob) == {"remove"}


def test_a_removed_comment_offers_restoring_to_who_removed_it_and_the_moderators(
    client, alice, bob, make_user, make_post
):
    carol = make_user("carol")
    post = make_post(author=carol)
    comment = add_comment(post=post, author=bob, body="Weg ermee")
    remove_comment(comment, by=bob)
    restore = reverse("comments:comment_restore", args=[comment.pk])
    for reader, may in ((bob, True), (carol, True), (alice, False)):
        client.force_login(reader)
        assert (f'action="{restore}"' in item(page_of(client, post), comment)) is may


def test_new_marks_reactions_and_reply_box_are_each_readers_own(client, alice, bob, make_user, make_post):
    carol = make_user("carol")
    post = make_post(author=carol)
    comment = add_comment(post=post, author=alice, body="Nieuw voor Bob")
    for reader in (alice, bob):
        reader.last_seen_at = timezone.now() - timezone.timedelta(days=1)
        reader.save()
    react(user=bob, post=post, comment=comment, kind="mooi")
    client.force_login(bob)
    page = page_of(client, post)
    assert ">nieuw<" in item(page, comment)
    assert 'name="remove" value="mooi"' in item(page, comment)  # his own reaction, pressed
    answering = client.get(f"{post.get_absolute_url()}?reply_to={comment.pk}").content.decode()
    assert "Je antwoord aan Alice de Vries</label>" in item(answering, comment)
    client.force_login(alice)
    page = page_of(client, post)
    assert ">nieuw<" not in item(page, comment)  # her own comment
    assert 'name="kind" value="mooi"' in item(page, comment)  # Bob's reaction is not hers
    assert "Je antwoord aan" not in item(page, comment)


def test_how_long_ago_is_told_at_each_request_from_the_cached_thread(client, alice, make_post, make_comment):
    post = make_post()
    comment = make_comment(post, "Eens", created_at=timezone.now() - timezone.timedelta(hours=3))
    client.force_login(alice)
    assert "3\xa0uur geleden" in item(page_of(client, post), comment)
    later = timezone.now() + timezone.timedelta(hours=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("django.contrib.humanize.templatetags.humanize.datetime", AnHourLater),
    ):
        assert "4\xa0uur geleden" in item(page_of(client, post), comment)


def test_anonymous_readers_get_the_thread_without_actions(client, settings, alice, make_post, make_comment):
    settings.BLOGNET_ANONYMOUS_READING = True
    post = make_post()
    comment = make_comment(post, "Openbaar")
    client.force_login(alice)
    page_of(client, post)  # the signed-in version is cached beside the other
    client.logout()
    shown = item(page_of(client, post), comment)
    assert "Openbaar" in shown and "Reageren" not in shown and "<form" not in shown
