"""Single sign-on in Chromium: the button on the login page, the provider's own login page (a real
OpenID Connect provider on loopback, tests/oidc_provider.py), and back in Blognet logged in, with a
personal blog. axe audits the login page with the button."""

import pytest
from playwright.sync_api import expect

from blogs.models import Blog
from people.models import User

from ..oidc_provider import running_provider, switch_on
from .test_decisions import check_page


@pytest.fixture
def provider(settings, live_server):
    with running_provider() as provider:
        switch_on(settings, provider)
        yield provider


def test_logging_in_with_the_organisation_account_makes_the_account_and_blog(page, provider, live_server):
    provider.set_user("entra-oid-7", name="Fatima el Amrani", email="fatima@bibliotheek.example", roles=[])
    # The provider's page asks a stylesheet of a CDN; the tests run without the internet.
    page.route("https://**/*", lambda route: route.abort())

    page.goto("/accounts/login/")
    check_page(page, "login-sso")
    page.get_by_role("link", name="Inloggen met je organisatieaccount").click()

    page.wait_for_url(f"{provider.url}/oauth2/authorize**")
    page.get_by_placeholder("sub").fill("entra-oid-7")
    page.get_by_role("button", name="Authorize").click()

    page.wait_for_url(f"{live_server.url}/")
    header = page.get_by_role("navigation", name="Hoofdmenu")
    expect(header.get_by_role("button", name="Fatima el Amrani", exact=True)).to_be_visible()
    user = User.objects.get(external_identities__subject="entra-oid-7")
    assert Blog.objects.filter(owner=user, kind=Blog.Kind.PERSONAL).exists()
