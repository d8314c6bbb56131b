"""The organisation's OpenID Connect provider, as Blognet's single sign-on sees it (people/sso.py).

mozilla-django-oidc wants every endpoint as a setting; Blognet takes them from the provider's discovery
document instead, so an organisation sets three variables (README.md). Its classes read their settings
through `setting()` below, and only when a login needs them: a provider that is down must not break
the login page, a local login or the pages of someone already logged in.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

# What the discovery document must name for the authorization code flow.
REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
# mozilla-django-oidc's names for Blognet's variables.
RENAMED = {
    "OIDC_RP_CLIENT_ID": "OIDC_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET": "OIDC_CLIENT_SECRET",
    "OIDC_RP_SCOPES": "OIDC_SCOPES",
    "OIDC_RP_SIGN_ALGO": "OIDC_SIGN_ALGO",
}
# Not settings: a nonce against replayed tokens, PKCE against a stolen authorization code.
FIXED = {"OIDC_USE_NONCE": True, "OIDC_USE_PKCE": True, "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256"}
DISCOVERY_CACHE_SECONDS = 60 * 60


class ProviderUnavailable(Exception):
    """The provider cannot be reached, or does not answer as an OpenID Connect provider."""


def is_configured():
    return bool(settings.OIDC_CLIENT_ID and (settings.OIDC_DISCOVERY_URL or settings.OIDC_ISSUER))


def local_login_for_everyone():
    """Whether everyone may log in with a password. Without single sign-on always: switching the form off
    then would leave nobody a way in."""
    return settings.BLOGNET_LOCAL_LOGIN or not is_configured()


def discovery_url():
    return settings.OIDC_DISCOVERY_URL or settings.OIDC_ISSUER.rstrip("/") + "/.well-known/openid-configuration"


def discovery():
    """The provider's discovery document, asked once an hour rather than at every login."""
    url = discovery_url()
    key = "sso:discovery:" + hashlib.sha256(url.encode()).hexdigest()
    document = cache.get(key)
    if document is None:
        import requests  # here, not at the top: the login page imports this module in every worker

        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProviderUnavailable(f"discovery document {url}: {exc}") from exc
        if not isinstance(document, dict) or not all(document.get(name) for name in REQUIRED):
            raise ProviderUnavailable(f"{url} is not an OpenID Connect discovery document")
        # OpenID Connect Discovery 1.0, 4.3: the document speaks for the issuer that was asked for.
        if settings.OIDC_ISSUER and document["issuer"].rstrip("/") != settings.OIDC_ISSUER.rstrip("/"):
            raise ProviderUnavailable(f"{url} names issuer {document['issuer']}, not {settings.OIDC_ISSUER}")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def issuer():
    return discovery()["issuer"]


def from_provider(name):
    """A class attribute of mozilla-django-oidc's that its __init__ would read from the settings at once,
    read when it is used instead."""
    return property(lambda self: setting(name))


def setting(name, *default):
    """A setting as mozilla-django-oidc asks for it (its `get_settings`)."""
    if name in ENDPOINTS:
        return discovery().get(ENDPOINTS[name])
    if name in RENAMED:
        return getattr(settings, RENAMED[name])
    if name in FIXED:
        return FIXED[name]
    return getattr(settings, name, *default)
