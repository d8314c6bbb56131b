from django.urls import reverse


def test_every_page_sends_a_content_security_policy_without_inline_scripts(client, alice):
    client.force_login(alice)
    policy = client.get(reverse("blogs:front_page"))["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]
    assert "object-src 'none'" in policy


def test_repeated_wrong_passwords_lock_that_username_from_that_address(client, alice, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "alice", "password": "fout"})
    response = client.post(reverse("login"), {"username": "alice", "password": "wachtwoord-123"})
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_colleague_behind_the_same_address_can_still_log_in(client, alice, bob, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "alice", "password": "fout"})
    response = client.post(reverse("login"), {"username": "bob", "password": "wachtwoord-123"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(bob.pk)


def test_forms_are_csrf_protected(alice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post(reverse("blogs:post_write"), {"title": "x", "body": "y", "publish": "1"})
    assert response.status_code == 403
