"""Notification e-mail through the database queue and a real SMTP server (aiosmtpd on 127.0.0.1)."""

import pytest
from django.core.management import call_command
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


def test_comment_on_your_post_is_not_mailed_by_default_but_can_be(smtp, alice, bob, make_post, make_comment):
    make_comment(make_post(), author=bob)
    run_worker()
    assert smtp.messages == []
    EmailPreference.objects.create(user=alice, kinds={"comment": True})
    make_comment(make_post(title="Tweede"), author=bob)
    run_worker()
    assert len(smtp.messages) == 1


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
