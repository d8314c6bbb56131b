"""Sessions opened by single sign-on are checked with the provider again now and then.

mozilla-django-oidc's SessionRefresh: OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS after a login (or the last
check), the next page sends the browser to the provider with prompt=none. It comes straight back when
the colleague may still log in, with their claims and roles taken again (people/sso.py); a colleague
disabled at the provider, or who lost the required role, is logged out there (people/sso_views.py).
Sessions of a password login are never sent (the parent looks at the session's backend).

blognet/settings.py installs it only with single sign-on configured; it reads the settings per request,
so that the provider is not asked when the site starts, and tests can switch single sign-on on.
"""

import logging

from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from django.utils.functional import cached_property
from mozilla_django_oidc import middleware

from . import sso_provider
from .sso_provider import from_provider
from .sso_views import UNAVAILABLE, sso_error

logger = logging.getLogger(__name__)


class SessionRefresh(middleware.SessionRefresh):
    get_settings = staticmethod(sso_provider.setting)
    OIDC_EXEMPT_URLS = ()
    OIDC_OP_AUTHORIZATION_ENDPOINT = from_provider("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_RP_CLIENT_ID = from_provider("OIDC_RP_CLIENT_ID")
    OIDC_RP_SCOPES = from_provider("OIDC_RP_SCOPES")
    OIDC_USE_NONCE = from_provider("OIDC_USE_NONCE")
    OIDC_STATE_SIZE = OIDC_NONCE_SIZE = 32
    OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"

    def __init__(self, get_response):
        MiddlewareMixin.__init__(self, get_response)

    @cached_property
    def exempt_urls(self):
        # The parent's list names its own logout view, which Blognet does not use: Django's logout is a
        # POST, which is never refreshed.
        return {reverse("oidc_authentication_init"), reverse("oidc_authentication_callback")}

    def process_request(self, request):
        if not sso_provider.is_configured():
            return None
        try:
            return super().process_request(request)
        except sso_provider.ProviderUnavailable:
            logger.warning("single sign-on: cannot renew a session", exc_info=True)
            return sso_error(request, UNAVAILABLE, 503)
