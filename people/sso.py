"""Single sign-on through OpenID Connect: mozilla-django-oidc's backend with Blognet's rules.

- A colleague is found by the issuer and the `sub` claim of the ID token (ExternalIdentity), never by
  e-mail address: the provider may give an address to someone else, `sub` it never does.
- The first login makes the account and its personal blog as an invitation does (people/onboarding.py).
- Every login takes name, e-mail address, department and the configured roles from the provider.
- Without OIDC_REQUIRED_ROLE someone is refused, and no account is made.
- The ID token must be signed by the provider's key, made for this client (audience), by this issuer,
  unexpired, and carry the nonce of this login: mozilla-django-oidc checks signature and nonce only.

A refusal that the colleague should understand is an SSORefused with a Dutch message; anything wrong
with the tokens is Django's SuspiciousOperation. people/sso_views.py turns both into a page.
"""

import logging

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import sso_provider
from .models import MANAGERS_GROUP, ExternalIdentity, User
from .onboarding import create_colleague, find_by_email, grant_roles, normalized_email
from .sso_provider import from_provider

logger = logging.getLogger(__name__)
# Clocks of the provider and Blognet may differ a little.
CLOCK_LEEWAY_SECONDS = 60


class SSORefused(Exception):
    """A login the provider vouched for and Blognet refuses; `message` is shown to the colleague."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def roles_in(claims):
    """The roles (or groups) claim as a set: Entra sends a list, some providers a single string."""
    value = claims.get(settings.OIDC_ROLES_CLAIM) or []
    if isinstance(value, str):
        return {value}
    return {str(role) for role in value} if isinstance(value, list) else set()


def profile_in(claims):
    """Blognet's fields from the claims; a field whose claim the provider did not send is left out, as is
    an address that is none. The provider's values are not held to Blognet's lengths: they are cut."""
    fields = {
        "name": (settings.OIDC_NAME_CLAIM, 100),
        "email": (settings.OIDC_EMAIL_CLAIM, 254),
        "department": (settings.OIDC_DEPARTMENT_CLAIM, 100),
    }
    profile = {
        field: claims[claim].strip()[:length]
        for field, (claim, length) in fields.items()
        if isinstance(claims.get(claim), str)
    }
    if profile.get("email"):
        try:
            validate_email(profile["email"])
        except ValidationError:
            logger.warning("single sign-on: %r is no e-mail address, not taken", profile.pop("email"))
    return profile


class SSOBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(sso_provider.setting)
    OIDC_OP_TOKEN_ENDPOINT = from_provider("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = from_provider("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = from_provider("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_CLIENT_ID = from_provider("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = from_provider("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = from_provider("OIDC_RP_SIGN_ALGO")
    # The provider's keys come from its JWKS, chosen by the token's key id.
    OIDC_RP_IDP_SIGN_KEY = None

    def __init__(self, *args, **kwargs):
        # Not the parent's: Django makes a backend for every login (local ones too) and for every request
        # of someone logged in with it, and the parent would ask the provider each time.
        self.UserModel = User

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce; a password login is none of this backend's business.
        if "nonce" not in kwargs or not sso_provider.is_configured():
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        try:
            return super().verify_token(token, **kwargs)
        except jwt.PyJWTError as exc:  # a token that is not even a JWT
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc

    def retrieve_matching_jwk(self, token):
        # The parent's fails with a KeyError on a token without a key id; RFC 7517 lets a provider with
        # one key leave it out. Exactly one published signing key must fit the token, or it is refused.
        header = jwt.get_unverified_header(token)
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("use", "sig") == "sig"
            and key.get("alg", header.get("alg")) == header.get("alg")
            and ("kid" not in header or key.get("kid") == header["kid"])
        ]
        if len(keys) != 1:
            raise SuspiciousOperation(f"{len(keys)} published keys fit the ID token's header {header}")
        return jwt.PyJWK(keys[0])

    def get_payload_data(self, token, key):
        header = jwt.get_unverified_header(token)
        # Only the configured algorithm: never "none", nor a token that names another to be checked with.
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token signed with {header.get('alg')!r}")
        try:
            return jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=sso_provider.issuer(),
                leeway=CLOCK_LEEWAY_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc

    def get_userinfo(self, access_token, id_token, payload):
        if not self.OIDC_OP_USER_ENDPOINT:
            return dict(payload)
        userinfo = super().get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: an answer about someone else must not be used.
        if userinfo.get("sub") != payload["sub"]:
            raise SuspiciousOperation("userinfo is about another subject than the ID token")
        # The signed ID token wins where both speak; Entra puts its app roles in the ID token only.
        return {**userinfo, **payload}

    def verify_claims(self, claims):
        required = settings.OIDC_REQUIRED_ROLE
        if required and required not in roles_in(claims):
            raise SSORefused(
                _(
                    "Je organisatieaccount geeft geen toegang tot Blognet. Vraag je leidinggevende of de "
                    "beheerder van Blognet om toegang."
                )
            )
        return True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(
            external_identities__issuer=claims["iss"], external_identities__subject=claims["sub"]
        )

    def create_user(self, claims):
        profile = profile_in(claims)
        email = normalized_email(profile.get("email", ""))
        existing = find_by_email(email) if email else None
        try:
            with transaction.atomic():
                if existing:
                    return self.link_existing(existing, claims, email)
                user = create_colleague(
                    name=profile.get("name", ""), email=email, department=profile.get("department", "")
                )
                ExternalIdentity.objects.create(user=user, issuer=claims["iss"], subject=claims["sub"])
                self.update_roles(user, claims)
                return user
        except IntegrityError:
            # The same colleague's first login in two tabs at once: the other one made the account.
            user = self.filter_users_by_claims(claims).first()
            if user is None:
                raise
            return self.update_user(user, claims)

    def link_existing(self, user, claims, email):
        # An account with this address but no link to the provider is not taken over by default. An
        # e-mail claim says which address the provider has on file, not that this person owns the Blognet
        # account with it: in many tenants users or their admins can set it (Entra's mutable `email`,
        # the "nOAuth" takeover), and linking silently would hand the account's posts, drafts and roles to
        # whoever holds that address there. So the site admin decides; an organisation whose provider
        # only gives out verified addresses may allow it (OIDC_LINK_BY_EMAIL), and even then never for a
        # site admin's account, the way in of last resort when single sign-on fails.
        if not settings.OIDC_LINK_BY_EMAIL or user.is_superuser:
            raise SSORefused(
                _(
                    "Er is al een Blognet-account met het e-mailadres %(email)s, maar dat is niet gekoppeld "
                    "aan je organisatieaccount. Vraag de beheerder van Blognet om het te koppelen."
                )
                % {"email": email}
            )
        ExternalIdentity.objects.create(user=user, issuer=claims["iss"], subject=claims["sub"])
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user, claims):
        if not user.is_active:
            raise SSORefused(_("Je Blognet-account is gedeactiveerd. Vraag de beheerder van Blognet om hulp."))
        profile = profile_in(claims)
        if "name" in profile:
            user.display_name = profile["name"]
        if "department" in profile:
            user.department = profile["department"]
        email = normalized_email(profile.get("email", ""))
        if email and email != user.email:
            taken = User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
            if taken:
                # Two accounts with one address would confuse invitations and password mail.
                logger.warning("single sign-on: %s's new address %s belongs to another account", user, email)
            else:
                user.email = email
        user.save(update_fields=["display_name", "department", "email"])
        self.update_roles(user, claims)
        return user

    def update_roles(self, user, claims):
        """A role whose name is configured follows the provider at every login; one that is not is Beheer's."""
        manager_role, admin_role = settings.OIDC_MANAGER_ROLE, settings.OIDC_SITE_ADMIN_ROLE
        if not (manager_role or admin_role):
            return
        roles = roles_in(claims)
        grant_roles(
            user,
            is_manager=manager_role in roles if manager_role else user.groups.filter(name=MANAGERS_GROUP).exists(),
            is_site_admin=admin_role in roles if admin_role else user.is_superuser,
        )
