"""A mail server that accepts the connection and never answers must not stop anyone from writing.

The worker (a real `manage.py db_worker` process) waits on that server while colleagues save a post
and a comment: on SQLite a send inside a transaction would hold the database's write lock all that
time and their saves would end in "database is locked" after 20 seconds.
"""

import time

import pytest

from notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_saving_a_post_and_a_comment_is_instant_while_the_worker_waits_on_a_silent_mail_server(
    scripted_smtp, start_worker, alice, bob, make_post, make_comment
):
    silent = scripted_smtp(hold="greeting")
    post = make_post()
    first = make_comment(post, author=alice, body="Wie doet er mee?")
    make_comment(post, author=bob, parent=first, body="Ik!")
    worker = start_worker(silent.port, EMAIL_TIMEOUT="60")
    assert silent.reached["greeting"].wait(30), worker.log()

    started = time.monotonic()
    new_post = make_post(author=bob, title="Opening nieuwe vestiging")
    assert time.monotonic() - started < 1
    started = time.monotonic()
    make_comment(new_post, author=alice, body="Wat mooi, @bob!")
    assert time.monotonic() - started < 1

    assert new_post.comments.count() == 1
    assert Notification.objects.get(recipient=alice).emailed_at is None
    assert worker.process.poll() is None, worker.log()
