"""A worker killed with SIGKILL at any point of a delivery: the mail arrives exactly once.

Each test kills a real `manage.py db_worker` process at one point of the SMTP exchange (see
notifications/emails.py), then starts a second worker against a working server (aiosmtpd), which
picks up the task the first one left RUNNING once it is older than BLOGNET_TASK_STALE_AFTER.
"""

import time

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from notifications.models import Notification
from tests.workers import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The second worker takes over tasks whose worker has been quiet for this long (seconds).
STALE_AFTER = "2"


@pytest.fixture
def queued_mail(alice, bob, make_post, make_comment):
    """Bob answers Alice: one notification, and its e-mail task waiting in the queue."""
    post = make_post()
    first = make_comment(post, author=alice, body="Wie doet er mee?")
    make_comment(post, author=bob, parent=first, body="Ik!")
    return Notification.objects.get(recipient=alice)


def mail_tasks():
    return DBTaskResult.objects.filter(task_path="notifications.emails.send_notification_email")


def take_over(start_worker, smtp, expected):
    """A second worker against a working server; returns once every mail task has finished."""
    worker = start_worker(smtp.port, BLOGNET_TASK_STALE_AFTER=STALE_AFTER)
    unfinished = mail_tasks().filter(status__in=["READY", "RUNNING"])
    assert wait_for(lambda: len(smtp.messages) >= expected and not unfinished.exists()), worker.log()
    worker.stop()
    return worker


def test_a_worker_killed_while_the_mail_server_hangs_leaves_the_mail_to_the_next_worker(
    queued_mail, scripted_smtp, start_worker, smtp
):
    silent = scripted_smtp(hold="greeting")
    first = start_worker(silent.port, EMAIL_TIMEOUT="60")
    assert silent.reached["greeting"].wait(30), first.log()
    first.kill()
    assert mail_tasks().get().status == "RUNNING"

    take_over(start_worker, smtp, expected=1)
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["To"] == "alice@bibliotheek.example"
    queued_mail.refresh_from_db()
    assert queued_mail.emailed_at is not None


def test_a_worker_killed_with_the_message_at_the_server_before_the_mark_sends_it_once(
    queued_mail, scripted_smtp, start_worker, smtp
):
    server = scripted_smtp(hold="rcpt")
    first = start_worker(server.port)
    assert server.reached["rcpt"].wait(30), first.log()
    with transaction.atomic():
        # Holding the notification (and on SQLite the write lock) stops the worker at its mark.
        Notification.objects.select_for_update(nowait=True).get(pk=queued_mail.pk)
        server.release()
        assert server.data_started.wait(10), first.log()
        first.kill()
    assert wait_for(lambda: server.discarded == 1)
    assert server.accepted == 0

    take_over(start_worker, smtp, expected=1)
    assert len(smtp.messages) == 1
    queued_mail.refresh_from_db()
    assert queued_mail.emailed_at is not None


def test_a_worker_killed_after_the_final_dot_never_sends_it_again(queued_mail, scripted_smtp, start_worker, smtp):
    server = scripted_smtp(hold="dot")
    first = start_worker(server.port)
    assert server.reached["dot"].wait(30), first.log()
    queued_mail.refresh_from_db()
    assert queued_mail.emailed_at is not None
    first.kill()
    server.release()
    assert mail_tasks().get().status == "RUNNING"

    second = take_over(start_worker, smtp, expected=0)
    assert server.accepted == 1
    assert smtp.messages == []
    assert mail_tasks().get().return_value == "already sent or gone", second.log()


def test_a_worker_stopped_twice_while_the_mail_server_hangs_leaves_the_mail_to_the_next_worker(
    queued_mail, scripted_smtp, start_worker, smtp
):
    silent = scripted_smtp(hold="greeting")
    first = start_worker(silent.port, EMAIL_TIMEOUT="60")
    assert silent.reached["greeting"].wait(30), first.log()
    first.process.terminate()  # "shutting down gracefully": it waits for the task to end
    time.sleep(0.5)  # two signals at once would count as one
    first.process.terminate()  # "terminating current task": the task ends FAILED
    first.process.wait(timeout=10)
    assert mail_tasks().filter(status="FAILED").count() == 1

    take_over(start_worker, smtp, expected=1)
    assert len(smtp.messages) == 1


def test_a_worker_taken_for_dead_that_wakes_up_finds_the_mail_sent_and_hangs_up(
    queued_mail, scripted_smtp, start_worker, smtp
):
    server = scripted_smtp(hold="rcpt")
    first = start_worker(server.port)
    assert server.reached["rcpt"].wait(30), first.log()

    take_over(start_worker, smtp, expected=1)
    server.release()
    assert wait_for(lambda: server.discarded == 1), first.log()
    assert wait_for(lambda: mail_tasks().filter(return_value="already sent by another worker").exists())
    assert server.accepted == 0
    assert len(smtp.messages) == 1
