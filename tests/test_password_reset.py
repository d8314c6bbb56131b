"""Password reset: the request only queues the mail, the worker sends it, and its link works."""

import json
import re
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEW_PASSWORD = "zomer-leesclub-2031"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def request_reset(client, email):
    started = time.monotonic()
    response = client.post(reverse("password_reset"), {"email": email})
    return response, time.monotonic() - started


def reset_link(message):
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+/)", text).group(1)


def test_reset_answers_at_once_while_the_mail_server_hangs_and_the_mailed_link_sets_a_new_password(
    client, settings, scripted_smtp, smtp, alice
):
    silent = scripted_smtp(hold="greeting")
    settings.EMAIL_PORT = silent.port
    response, took = request_reset(client, "Alice@bibliotheek.example")
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert took < 1
    assert not silent.reached["greeting"].is_set()

    settings.EMAIL_PORT = smtp.port
    run_worker()
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "alice@bibliotheek.example"
    link = reset_link(message)

    response = client.get(link)
    assert response.status_code == 302
    response = client.post(response.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")
    response = client.post(reverse("login"), {"username": "alice", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("blogs:front_page")

    # The link works once: after the new password it is refused.
    client.logout()
    response = client.get(link, follow=True)
    assert response.context["validlink"] is False


def test_the_queue_holds_the_person_not_the_token(client, smtp, alice):
    request_reset(client, "alice@bibliotheek.example")
    run_worker()
    token = reset_link(smtp.messages[0]).rstrip("/").rsplit("/", 1)[1]
    stored = json.dumps(list(DBTaskResult.objects.values("args_kwargs", "return_value")))
    assert token not in stored
    assert "alice@bibliotheek.example" not in stored


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, smtp, alice):
    response, _ = request_reset(client, "niemand@bibliotheek.example")
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert not DBTaskResult.objects.exists()
    run_worker()
    assert smtp.messages == []
