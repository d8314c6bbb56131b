"""Single sign-on through OpenID Connect against a real provider on loopback (tests/oidc_provider.py):
the test client follows Blognet's redirect to the provider, logs in there over HTTP, and brings the
provider's answer back to Blognet's callback."""

import base64
import hashlib
import logging
import socket
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as loaded_settings
from django.urls import reverse

from blogs.models import Blog
from people.models import ExternalIdentity, User

from .oidc_provider import running_provider, switch_on

BUTTON = "Inloggen met je organisatieaccount"
# The provider's own library (authlib) warns about its own use of itself.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:authlib.*")


@pytest.fixture
def provider():
    with running_provider() as provider:
        yield provider


@pytest.fixture
def sso(settings, provider, db):
    switch_on(settings, provider)
    return provider


def start(client, **params):
    answer = client.get(reverse("oidc_authentication_init"), params)
    assert answer.status_code == 302
    return answer["Location"]


def log_in(client, provider, sub, **claims):
    """Through the button, the provider's login page and back; returns Blognet's answer to the callback."""
    if claims:
        provider.set_user(sub, **claims)
    return client.get(provider.consent(start(client), sub))


def colleague(**claims):
    claims.setdefault("name", "Fatima el Amrani")
    claims.setdefault("email", "fatima@bibliotheek.example")
    claims.setdefault("department", "Vestiging Noord")
    claims.setdefault("roles", ["blognet.gebruiker"])
    return claims


def refusal_logged(caplog):
    """Why Blognet refused, as it logged it (the page says the same to every refusal)."""
    return " ".join(str(record.exc_info[1]) for record in caplog.records if record.name == "people.sso_views")


def test_without_single_sign_on_nothing_of_it_is_there(client, db):
    assert not loaded_settings.OIDC_CLIENT_ID
    assert "people.sso.SSOBackend" not in loaded_settings.AUTHENTICATION_BACKENDS
    assert "people.sso_refresh.SessionRefresh" not in loaded_settings.MIDDLEWARE
    page = client.get(reverse("login"))
    assert BUTTON not in page.content.decode()
    assert 'name="password"' in page.content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "y"}).status_code == 404


def test_the_login_page_shows_the_button_beside_the_password_form(client, sso, db):
    page = client.get(reverse("login"), {"next": "/people/"}).content.decode()
    assert BUTTON in page
    assert f"{reverse('oidc_authentication_init')}?next=/people/" in page
    assert 'name="password"' in page


def test_the_first_login_makes_the_account_and_its_blog(client, sso):
    authorize_url = start(client, next="/people/")
    query = parse_qs(urlsplit(authorize_url).query)
    assert authorize_url.startswith(sso.url)
    assert query["code_challenge_method"] == ["S256"]
    sso.set_user("entra-oid-1", **colleague())
    answer = client.get(sso.consent(authorize_url, "entra-oid-1"))

    assert answer.status_code == 302
    assert answer["Location"] == "/people/"
    user = User.objects.get(external_identities__subject="entra-oid-1", external_identities__issuer=sso.url)
    assert (user.username, user.display_name, user.email, user.department) == (
        "fatima",
        "Fatima el Amrani",
        "fatima@bibliotheek.example",
        "Vestiging Noord",
    )
    assert not user.has_usable_password()
    assert Blog.objects.get(owner=user).kind == Blog.Kind.PERSONAL
    assert client.get("/").context["user"] == user
    # PKCE: the token request carried the verifier whose S256 hash went to the provider first.
    verifier = sso.token_requests[-1]["code_verifier"]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert query["code_challenge"] == [challenge]


def test_a_changed_address_at_the_provider_updates_the_same_colleague(client, sso):
    log_in(client, sso, "entra-oid-1", **colleague())
    client.post(reverse("logout"))
    log_in(client, sso, "entra-oid-1", **colleague(email="f.elamrani@bibliotheek.example", department="Jeugd"))

    user = User.objects.get()
    assert (user.email, user.department) == ("f.elamrani@bibliotheek.example", "Jeugd")
    assert ExternalIdentity.objects.filter(user=user).count() == 1


def test_someone_else_with_the_same_address_is_not_let_into_the_account(client, sso, caplog):
    log_in(client, sso, "entra-oid-1", **colleague())
    client.post(reverse("logout"))
    answer = log_in(client, sso, "entra-oid-2", **colleague(name="Iemand Anders"))

    assert answer.status_code == 403
    assert "niet gekoppeld aan je organisatieaccount" in answer.content.decode()
    assert User.objects.get().display_name == "Fatima el Amrani"
    assert not answer.wsgi_request.user.is_authenticated


def test_without_the_required_role_no_account_is_made(client, sso, settings):
    settings.OIDC_REQUIRED_ROLE = "blognet.gebruiker"
    answer = log_in(client, sso, "entra-oid-1", **colleague(roles=["intranet.lezer"]))

    assert answer.status_code == 403
    assert "geeft geen toegang tot Blognet" in answer.content.decode()
    assert reverse("login") in answer.content.decode()
    assert not User.objects.exists()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_an_existing_password_account_is_not_taken_over_by_its_address(client, sso, alice):
    answer = log_in(client, sso, "entra-oid-1", **colleague(email="ALICE@bibliotheek.example"))

    assert answer.status_code == 403
    assert "Vraag de beheerder van Blognet om het te koppelen" in answer.content.decode()
    assert not ExternalIdentity.objects.exists()
    assert User.objects.count() == 1


def test_linking_by_address_when_allowed_keeps_the_account(client, sso, settings, alice):
    settings.OIDC_LINK_BY_EMAIL = True
    answer = log_in(client, sso, "entra-oid-1", **colleague(email="alice@bibliotheek.example"))

    assert answer.status_code == 302
    assert ExternalIdentity.objects.get().user == alice
    alice.refresh_from_db()
    assert alice.display_name == "Fatima el Amrani"


def test_a_site_admin_account_is_never_linked_by_address(client, sso, settings, admin_user):
    settings.OIDC_LINK_BY_EMAIL = True
    answer = log_in(client, sso, "entra-oid-1", **colleague(email=admin_user.email))
    assert answer.status_code == 403
    assert not ExternalIdentity.objects.exists()


def test_role_claims_make_managers_and_site_admins_at_every_login(client, sso, settings):
    settings.OIDC_MANAGER_ROLE = "blognet.leidinggevende"
    settings.OIDC_SITE_ADMIN_ROLE = "blognet.beheerder"
    log_in(client, sso, "m1", **colleague(roles=["blognet.leidinggevende"]))
    manager = User.objects.get()
    assert manager.is_manager and not manager.is_site_admin
    assert client.get(reverse("insights:participation_dashboard")).status_code == 200

    client.post(reverse("logout"))
    log_in(client, sso, "m1", **colleague(roles=["blognet.beheerder"]))
    admin = User.objects.get()
    assert admin.is_superuser and admin.is_staff
    assert not admin.groups.exists()

    client.post(reverse("logout"))
    log_in(client, sso, "m1", **colleague(roles=[]))
    nobody = User.objects.get()
    assert not (nobody.is_manager or nobody.is_superuser or nobody.is_staff)


@pytest.mark.parametrize(
    ("forgery", "logged"),
    [("foreign_key", "Signature verification failed"), ("audience", "Audience doesn't match")],
)
def test_a_forged_id_token_is_refused(client, sso, caplog, forgery, logged):
    sso.forge = forgery
    with caplog.at_level(logging.WARNING, logger="people.sso_views"):
        answer = log_in(client, sso, "entra-oid-1", **colleague())

    assert answer.status_code == 400
    assert "Je inlog kon niet worden gecontroleerd" in answer.content.decode()
    assert logged in refusal_logged(caplog)
    assert not User.objects.exists()


def test_a_token_signed_with_a_published_key_for_this_client_is_accepted(client, sso):
    # The control for the forgeries above: the same re-signing, with nothing wrong.
    sso.forge = "resigned"
    assert log_in(client, sso, "entra-oid-1", **colleague()).status_code == 302
    assert User.objects.filter(external_identities__subject="entra-oid-1").exists()


def test_an_earlier_logins_token_is_refused_by_its_nonce(client, sso, caplog):
    log_in(client, sso, "entra-oid-1", **colleague())
    client.post(reverse("logout"))
    User.objects.all().delete()
    sso.forge = "replay"
    with caplog.at_level(logging.WARNING, logger="people.sso_views"):
        answer = log_in(client, sso, "entra-oid-1")

    assert answer.status_code == 400
    assert "Nonce" in refusal_logged(caplog)
    assert not User.objects.exists()


def test_a_callback_with_another_state_or_used_twice_is_refused(client, sso):
    sso.set_user("entra-oid-1", **colleague())
    callback = sso.consent(start(client), "entra-oid-1")
    forged = client.get(callback.replace("state=", "state=x"))
    assert forged.status_code == 400
    assert "Je inlog kon niet worden gecontroleerd" in forged.content.decode()

    callback = sso.consent(start(client), "entra-oid-1")
    assert client.get(callback).status_code == 302
    client.post(reverse("logout"))
    again = client.get(callback)
    assert again.status_code in (400, 403)
    assert "Inloggen niet gelukt" in again.content.decode()
    assert not again.wsgi_request.user.is_authenticated


def test_a_deactivated_account_is_refused(client, sso):
    log_in(client, sso, "entra-oid-1", **colleague())
    client.post(reverse("logout"))
    User.objects.update(is_active=False)
    answer = log_in(client, sso, "entra-oid-1")
    assert answer.status_code == 403
    assert "gedeactiveerd" in answer.content.decode()


def free_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


def test_an_unreachable_provider_gives_a_dutch_page_and_local_login_still_works(client, settings, admin_user):
    switch_on(settings, OIDC_DISCOVERY_URL=f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration")
    settings.OIDC_TIMEOUT = 2
    answer = client.get(reverse("oidc_authentication_init"))

    assert answer.status_code == 503
    content = answer.content.decode()
    assert "De inlogdienst van je organisatie is nu niet bereikbaar" in content
    assert f'href="{reverse("login")}"' in content
    assert BUTTON in client.get(reverse("login")).content.decode()
    logged_in = client.post(reverse("login"), {"username": "beheer", "password": "wachtwoord-123"})
    assert logged_in.status_code == 302
    assert client.get("/").context["user"] == admin_user


def test_a_provider_without_a_discovery_document_gives_the_dutch_page(client, settings, provider):
    switch_on(settings, OIDC_ISSUER=provider.url + "/verkeerd", OIDC_DISCOVERY_URL="")
    answer = client.get(reverse("oidc_authentication_init"))
    assert answer.status_code == 503
    assert "Inloggen niet gelukt" in answer.content.decode()


def test_a_wrong_client_secret_gives_the_dutch_page(client, settings, db):
    with running_provider(require_client_registration=True) as provider:
        registered = provider.register_client()
        switch_on(settings, provider, OIDC_CLIENT_ID=registered["client_id"], OIDC_CLIENT_SECRET="niet-het-geheim")
        answer = log_in(client, provider, "entra-oid-1", **colleague())

    assert answer.status_code == 502
    assert "weigert Blognet" in answer.content.decode()
    assert not User.objects.exists()


def test_the_right_client_secret_of_a_registered_client_logs_in(client, settings, db):
    with running_provider(require_client_registration=True) as provider:
        registered = provider.register_client()
        switch_on(
            settings, provider, OIDC_CLIENT_ID=registered["client_id"], OIDC_CLIENT_SECRET=registered["client_secret"]
        )
        assert log_in(client, provider, "entra-oid-1", **colleague()).status_code == 302


def expire_session(client):
    session = client.session
    session["oidc_id_token_expiration"] = time.time() - 1
    session.save()


def test_a_session_is_renewed_with_the_provider_at_its_time(client, sso, settings):
    settings.OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = 600
    log_in(client, sso, "entra-oid-1", **colleague())
    assert client.session["oidc_id_token_expiration"] == pytest.approx(time.time() + 600, abs=30)
    assert client.get("/people/").status_code == 200

    expire_session(client)
    renew = client.get("/people/")
    assert renew.status_code == 302
    assert renew["Location"].startswith(sso.url)
    assert parse_qs(urlsplit(renew["Location"]).query)["prompt"] == ["none"]
    sso.remembers_login = True
    sso.set_user("entra-oid-1", **colleague(department="Jeugd"))
    back = client.get(sso.consent(renew["Location"], "entra-oid-1"))
    assert back["Location"] == "/people/"
    assert client.get("/people/").status_code == 200
    assert User.objects.get().department == "Jeugd"


def test_a_session_ends_when_the_provider_refuses_its_renewal(client, sso):
    # A colleague disabled at the provider: it knows them, and refuses the renewal.
    log_in(client, sso, "entra-oid-1", **colleague())
    sso.remembers_login = True
    expire_session(client)
    answer = client.get(sso.deny(client.get("/people/")["Location"]))
    assert answer.status_code == 403
    assert "Inloggen niet gelukt" in answer.content.decode()
    assert not answer.wsgi_request.user.is_authenticated
    assert client.get("/people/")["Location"].startswith(reverse("login"))


def test_a_session_ends_when_the_provider_wants_a_new_login(client, sso):
    log_in(client, sso, "entra-oid-1", **colleague())
    expire_session(client)
    answer = client.get(sso.consent(client.get("/people/")["Location"], "entra-oid-1"), follow=True)
    assert answer.redirect_chain[-1][0] == reverse("login")
    assert "Je sessie is verlopen. Log opnieuw in." in answer.content.decode()
    assert not answer.wsgi_request.user.is_authenticated


def test_a_renewal_without_the_required_role_ends_the_session(client, sso, settings):
    settings.OIDC_REQUIRED_ROLE = "blognet.gebruiker"
    log_in(client, sso, "entra-oid-1", **colleague())
    sso.set_user("entra-oid-1", **colleague(roles=[]))
    sso.remembers_login = True
    expire_session(client)
    answer = client.get(sso.consent(client.get("/people/")["Location"], "entra-oid-1"))
    assert answer.status_code == 403
    assert client.get("/people/")["Location"].startswith(reverse("login"))


def test_a_password_session_is_never_sent_to_the_provider(client, sso, alice):
    client.force_login(alice, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/people/").status_code == 200


@pytest.fixture
def sso_only(settings, sso):
    settings.BLOGNET_LOCAL_LOGIN = False
    return sso


def test_without_local_login_only_the_button_is_shown(client, sso_only, db):
    page = client.get(reverse("login")).content.decode()
    assert BUTTON in page
    assert 'name="password"' not in page
    assert "Wachtwoord vergeten?" not in page


def test_without_local_login_a_colleague_cannot_use_a_password(client, sso_only, alice):
    answer = client.post(reverse("login") + "?lokaal=1", {"username": "alice", "password": "wachtwoord-123"})
    assert answer.status_code == 200
    assert "Log in met je organisatieaccount." in answer.content.decode()
    assert not answer.wsgi_request.user.is_authenticated


def test_without_local_login_a_site_admin_still_gets_in_through_the_break_glass_address(client, sso_only, admin_user):
    assert 'name="password"' in client.get(reverse("login"), {"lokaal": "1"}).content.decode()
    answer = client.post(reverse("login") + "?lokaal=1", {"username": "beheer", "password": "wachtwoord-123"})
    assert answer.status_code == 302
    assert client.get("/").context["user"] == admin_user


def test_without_single_sign_on_the_local_login_switch_cannot_lock_everyone_out(client, settings, alice):
    settings.BLOGNET_LOCAL_LOGIN = False
    assert 'name="password"' in client.get(reverse("login")).content.decode()
    assert client.post(reverse("login"), {"username": "alice", "password": "wachtwoord-123"}).status_code == 302


def test_the_issuer_alone_finds_the_discovery_document(client, settings, provider, db):
    switch_on(settings, OIDC_ISSUER=provider.url, OIDC_DISCOVERY_URL="")
    assert log_in(client, provider, "entra-oid-1", **colleague()).status_code == 302
    assert ExternalIdentity.objects.get().issuer == provider.url


def test_a_discovery_document_of_another_issuer_is_not_trusted(client, settings, provider, db):
    switch_on(settings, provider, OIDC_ISSUER="https://login.bibliotheek.example")
    assert client.get(reverse("oidc_authentication_init")).status_code == 503


def test_an_address_claim_that_is_no_address_is_left_out(client, sso):
    answer = log_in(client, sso, "entra-oid-1", **colleague(email="geen adres"))
    assert answer.status_code == 302
    assert User.objects.get().email == ""
