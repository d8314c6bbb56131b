"""Logging in with the organisation's directory (LDAP or Active Directory), beside local passwords.

Off unless LDAP_SERVER_URI is set: then blognet/settings.py takes the settings from
people/ldap_settings.py and puts LDAPBackend after django-axes' backend and Django's own, so that

- django-axes counts a wrong directory password as it counts a wrong local one (its backend refuses a
  locked username+address before any backend runs; Django's user_login_failed signal, sent when no
  backend accepted the password, is what it counts);
- a local account (the site admin of last resort, a colleague invited with a password) logs in
  without asking the directory, also while the directory is unreachable;
- an account made by a directory login has no usable local password, so only the directory can let
  its owner in, and the directory's answer (groups, name, e-mail, department) is taken at every login.

A directory that cannot be reached is a refused login with the normal message, never an error page:
django-auth-ldap catches python-ldap's errors and logs them as a warning.
"""

import logging

import ldap
from django.conf import settings
from django.db import transaction
from django_auth_ldap import backend

from .onboarding import managers_group

logger = logging.getLogger(__name__)


def axes_username(request, credentials):
    """The name django-axes counts failures under. The directory finds dirk as "Dirk" and " DIRK" too,
    so every spelling counts as the one person: otherwise each would get a failure limit of its own."""
    username = credentials.get("username") if credentials else getattr(request, "POST", {}).get("username")
    return username.strip().lower() if username else username


class LDAPBackend(backend.LDAPBackend):
    """django-auth-ldap's backend, also giving the manager role from a directory group.

    The manager role is membership of the group "Leidinggevenden" (people.models); django-auth-ldap's
    own group mirroring could only fill it from a directory group of that very name.
    """

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is not None and not user.is_active:
            return None  # switched off in Beheer: refused with the normal message, as Django's own backend does
        manager_dn = getattr(settings, "BLOGNET_LDAP_MANAGER_GROUP", "")
        if user is None or not manager_dn:
            return user
        try:
            is_manager = manager_dn.lower() in ldap_user.group_dns
        except ldap.LDAPError as error:  # the directory went away halfway: refused, as in the library
            logger.warning("LDAP error while reading the groups of %s: %s", user.username, error)
            return None
        set_manager_role(user, is_manager)
        return user


@transaction.atomic
def set_manager_role(user, is_manager):
    if is_manager:
        user.groups.add(managers_group())
    else:
        user.groups.remove(managers_group())
