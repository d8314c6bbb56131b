"""Notification e-mail through the database queue and a real SMTP server (aiosmtpd on 127.0.0.1)."""

import re

import pytest
from django.core.mail import get_connection
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications.models import EmailPreference, Notification

# The worker closes its database connection between tasks, as a real worker does, so these tests
# commit for real (and the Personeelsblog from the data migration is restored afterwards).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_reply_is_mailed_with_a_link_to_the_comment(smtp, alice, bob, make_post, make_comment):
    post = make_post(title="Leesclub")
    first = make_comment(post, author=alice, body="Wie doet er mee?")
    reply = make_comment(post, author=bob, parent=first, body="Ik!")
    run_worker()
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "alice@bibliotheek.example"
    assert "Bob Jansen antwoordde op je reactie" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert f"http://127.0.0.1:8000{reply.get_absolute_url()}" in text
    assert "Ik!" in text
    html = message.get_body(("html",)).get_content()
    assert f'href="http://127.0.0.1:8000{reply.get_absolute_url()}"' in html


def test_links_in_the_mailed_comment_point_at_the_site(smtp, alice, bob, make_post, make_comment):
    make_comment(make_post(), author=bob, body="Vraag aan @alice")
    run_worker()
    html = smtp.messages[0].get_body(("html",)).get_content()
    assert 'href="http://127.0.0.1:8000/people/alice/"' in html


def test_comment_on_your_post_is_mailed_by_default_and_can_be_turned_off(
    client, smtp, alice, bob, make_post, make_comment
):
    make_comment(make_post(title="Leesclub"), author=bob, body="Ik doe mee.")
    run_worker()
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["To"] == "alice@bibliotheek.example"
    assert "Bob Jansen reageerde op je bericht „Leesclub”" in smtp.messages[0]["Subject"]

    # The preferences page shows the box ticked; unticking it stops these mails.
    client.force_login(alice)
    page = client.get(reverse("notifications:email_preferences")).content.decode()
    assert re.search(r'<input[^>]*name="on_comment"[^>]*checked', page)
    wanted = {f"on_{key}": "on" for key in ("reply", "mention")}
    client.post(reverse("notifications:email_preferences"), {**wanted, "digest": "off"})
    assert EmailPreference.objects.get(user=alice).kinds["comment"] is False
    make_comment(make_post(title="Tweede"), author=bob)
    run_worker()
    assert len(smtp.messages) == 1


def test_an_earlier_choice_against_comment_mail_stays(smtp, alice, bob, make_post, make_comment):
    EmailPreference.objects.create(user=alice, kinds={"comment": False, "reply": True})
    make_comment(make_post(), author=bob)
    run_worker()
    assert smtp.messages == []


def test_mail_server_down_keeps_the_comment_and_retries_later_once(smtp, alice, bob, make_post, make_comment):
    smtp.stop()
    post = make_post()
    first = make_comment(post, author=alice)
    make_comment(post, author=bob, parent=first, body="@alice, antwoord")
    run_worker()
    assert post.comments.count() == 2
    notification = Notification.objects.get(recipient=alice)
    assert notification.emailed_at is None
    waiting = DBTaskResult.objects.filter(status="READY")
    assert waiting.count() == 1
    assert waiting.get().run_after > timezone.now()

    smtp.start()
    waiting.update(run_after=timezone.now())
    run_worker()
    run_worker()
    assert len(smtp.messages) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def queue_reply(alice, bob, make_post, make_comment):
    post = make_post()
    first = make_comment(post, author=alice, body="Wie doet er mee?")
    make_comment(post, author=bob, parent=first, body="Ik!")
    return Notification.objects.get(recipient=alice)


def test_the_worker_waits_on_the_mail_server_for_seconds_not_for_ever():
    assert get_connection("django.core.mail.backends.smtp.EmailBackend").timeout == 10


def test_a_silent_mail_server_times_out_and_the_mail_is_tried_again_later(
    settings, scripted_smtp, smtp, alice, bob, make_post, make_comment
):
    silent = scripted_smtp(hold="greeting")
    settings.EMAIL_PORT = silent.port
    settings.EMAIL_TIMEOUT = 1
    notification = queue_reply(alice, bob, make_post, make_comment)
    run_worker()
    assert silent.reached["greeting"].is_set()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").get().return_value == "queued again"

    settings.EMAIL_PORT = smtp.port
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    assert len(smtp.messages) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_refused_message_is_unmarked_and_sent_again_later_once(
    settings, scripted_smtp, smtp, alice, bob, make_post, make_comment
):
    refusing = scripted_smtp(final_reply=b"554 5.7.1 Bericht geweigerd")
    settings.EMAIL_PORT = refusing.port
    notification = queue_reply(alice, bob, make_post, make_comment)
    run_worker()
    assert refusing.reached["dot"].is_set()
    assert refusing.accepted == 0
    notification.refresh_from_db()
    assert notification.emailed_at is None
    waiting = DBTaskResult.objects.filter(status="READY")
    assert waiting.get().run_after > timezone.now()

    settings.EMAIL_PORT = smtp.port
    waiting.update(run_after=timezone.now())
    run_worker()
    run_worker()
    assert len(smtp.messages) == 1


def test_a_comment_removed_before_its_mail_went_out_is_not_mailed(smtp, alice, bob, make_post, make_comment):
    from comments.services import remove_comment

    comment = make_comment(make_post(), author=bob, body="Dit neem ik terug")
    remove_comment(comment, by=bob)
    run_worker()
    assert smtp.messages == []
