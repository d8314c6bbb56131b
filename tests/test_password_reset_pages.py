"""Blognet's own password reset pages, and the switch that turns them off for single sign-on."""

import pytest
from django.urls import reverse

PAGES = ["password_reset", "password_reset_done", "password_reset_complete"]


def confirm_url():
    return reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "set-password"})


def test_the_login_page_links_to_the_reset(client, db):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in page
    assert "Wachtwoord vergeten?" in page


@pytest.mark.parametrize("name", PAGES)
def test_every_reset_page_is_blognets_own_in_dutch(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hoofdmenu" in page  # base.html, not the Django admin's look
    assert "Django" not in page
    assert " uw " not in page.lower()


def test_an_unknown_or_used_link_says_so_and_offers_a_new_one(client, db):
    response = client.get(confirm_url())
    assert response.status_code == 200
    assert "Deze link werkt niet meer" in response.content.decode()
    assert reverse("password_reset") in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_switched_off_the_pages_are_not_there_and_the_login_has_no_link(client, db, settings, name):
    settings.BLOGNET_PASSWORD_RESET = False
    assert client.get(reverse(name)).status_code == 404
    assert client.get(confirm_url()).status_code == 404
    assert client.post(reverse("password_reset"), {"email": "alice@bibliotheek.example"}).status_code == 404
    assert "Wachtwoord vergeten?" not in client.get(reverse("login")).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_reset_mail_is_in_blognets_words(client, smtp, alice):
    from django.core.management import call_command

    client.post(reverse("password_reset"), {"email": "alice@bibliotheek.example"})
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    (message,) = smtp.messages
    assert message["Subject"] == "Een nieuw wachtwoord voor Blognet"
    text = message.get_body(("plain",)).get_content()
    assert "Hallo Alice de Vries," in text
    assert "Je gebruikersnaam is: alice" in text
    assert "http://127.0.0.1:8000/accounts/reset/" in text
    assert "&#x27;" not in text and " uw " not in text
