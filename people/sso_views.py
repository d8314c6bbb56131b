"""The two addresses of single sign-on, and the page that says why a login did not work.

mozilla-django-oidc's views with the settings read through people/sso_provider.py. Whatever goes wrong
after the button (provider unreachable or refusing Blognet, a token that does not check out, a colleague
Blognet refuses) ends on registration/sso_error.html with a link to the login page, where a site admin
can still log in with a password: never a 500, never back to the provider by itself (no loop).
Without single sign-on configured both addresses are 404.
"""

import logging

import requests
from django.contrib import auth, messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from mozilla_django_oidc import views

from . import sso_provider
from .sso import SSORefused
from .sso_provider import from_provider

logger = logging.getLogger(__name__)

UNAVAILABLE = _(
    "De inlogdienst van je organisatie is nu niet bereikbaar, of weigert Blognet. Probeer het later nog eens; "
    "lukt het dan nog niet, meld het dan bij de beheerder van Blognet."
)
NOT_VERIFIED = _("Je inlog kon niet worden gecontroleerd en is daarom geweigerd. Probeer het opnieuw.")
FAILED = _("Inloggen met je organisatieaccount is niet gelukt.")
# What a provider answers to prompt=none (a session refresh) when it wants the colleague to log in again.
LOG_IN_AGAIN = {"login_required", "interaction_required", "consent_required", "account_selection_required"}


def sso_error(request, message, status):
    # Whoever was logged in is not any more: a failed refresh ends the session it was to renew.
    if request.user.is_authenticated:
        auth.logout(request)
    return render(request, "registration/sso_error.html", {"message": message}, status=status)


class SSOLoginView(views.OIDCAuthenticationRequestView):
    """The button: off to the provider, with state, nonce and a PKCE challenge kept in the session."""

    get_settings = staticmethod(sso_provider.setting)
    OIDC_OP_AUTH_ENDPOINT = from_provider("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_RP_CLIENT_ID = from_provider("OIDC_RP_CLIENT_ID")

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # not the parent's, which asks the provider at once

    def get(self, request):
        if not sso_provider.is_configured():
            raise Http404
        try:
            return super().get(request)
        except sso_provider.ProviderUnavailable:
            logger.warning("single sign-on: provider unavailable", exc_info=True)
            return sso_error(request, UNAVAILABLE, 503)


class SSOCallbackView(views.OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: the code is exchanged and the tokens checked (people/sso.py)."""

    get_settings = staticmethod(sso_provider.setting)

    def get(self, request):
        if not sso_provider.is_configured():
            raise Http404
        try:
            return super().get(request)
        except SSORefused as refusal:
            return sso_error(request, refusal.message, 403)
        except (sso_provider.ProviderUnavailable, requests.RequestException):
            # Unreachable, or its token endpoint refuses Blognet (a wrong client secret).
            logger.warning("single sign-on: provider unavailable", exc_info=True)
            return sso_error(request, UNAVAILABLE, 502)
        except SuspiciousOperation:
            # Unknown state, bad signature, wrong audience or issuer, expired, another login's nonce.
            logger.warning("single sign-on: login refused", exc_info=True)
            return sso_error(request, NOT_VERIFIED, 400)

    def login_failure(self):
        if self.request.GET.get("error") in LOG_IN_AGAIN:
            if self.request.user.is_authenticated:
                auth.logout(self.request)
            messages.info(self.request, _("Je sessie is verlopen. Log opnieuw in."))
            return redirect("login")
        return sso_error(self.request, FAILED, 403)


sso_login = SSOLoginView.as_view()
sso_callback = SSOCallbackView.as_view()
