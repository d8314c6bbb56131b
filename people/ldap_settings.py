"""The directory login's settings (people/ldap_login.py), made from the environment by blognet/settings.py.

A module of its own: settings import it before the apps are loaded, so it imports no models, and
python-ldap and django-auth-ldap (some 15 MB a worker) only when a directory is configured.
"""

from django.core.exceptions import ImproperlyConfigured

# Active Directory's login name; an OpenLDAP directory sets LDAP_USER_FILTER=(uid=%(user)s).
DEFAULT_USER_FILTER = "(sAMAccountName=%(user)s)"
# Groups in both: AD's "group" and OpenLDAP's "groupOfNames" list their members by DN in `member`.
GROUP_FILTER = "(|(objectClass=group)(objectClass=groupOfNames))"
# Blognet's field: the variable naming the directory attribute it comes from, and the attribute
# when that is not set (Active Directory's names; inetOrgPerson has cn and mail too).
ATTRIBUTES = {
    "display_name": ("LDAP_NAME_ATTR", "cn"),
    "email": ("LDAP_EMAIL_ATTR", "mail"),
    "department": ("LDAP_DEPARTMENT_ATTR", "department"),
}


def _flag(value):
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def ldap_settings(environ):
    """The AUTH_LDAP_* settings for these environment variables; empty without LDAP_SERVER_URI."""
    uri = environ.get("LDAP_SERVER_URI", "").strip()
    if not uri:
        return {}
    user_base = environ.get("LDAP_USER_SEARCH_BASE", "").strip()
    if not user_base:
        raise ImproperlyConfigured("LDAP_SERVER_URI is set: LDAP_USER_SEARCH_BASE must be set too.")
    required, managers, admins = (
        environ.get(name, "").strip() for name in ("LDAP_REQUIRE_GROUP", "LDAP_MANAGER_GROUP", "LDAP_SITE_ADMIN_GROUP")
    )
    group_base = environ.get("LDAP_GROUP_SEARCH_BASE", "").strip()
    if (required or managers or admins) and not group_base:
        raise ImproperlyConfigured(
            "LDAP_REQUIRE_GROUP, _MANAGER_GROUP and _SITE_ADMIN_GROUP need LDAP_GROUP_SEARCH_BASE."
        )
    import ldap
    from django_auth_ldap.config import LDAPSearch, NestedGroupOfNamesType

    timeout = int(environ.get("LDAP_TIMEOUT", "5"))
    config = {
        "AUTH_LDAP_SERVER_URI": uri,
        "AUTH_LDAP_START_TLS": _flag(environ.get("LDAP_START_TLS")),
        "AUTH_LDAP_BIND_DN": environ.get("LDAP_BIND_DN", ""),
        "AUTH_LDAP_BIND_PASSWORD": environ.get("LDAP_BIND_PASSWORD", ""),
        # The person's own DN is looked up with the service account, then bound to with their password.
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(
            user_base, ldap.SCOPE_SUBTREE, environ.get("LDAP_USER_FILTER", "").strip() or DEFAULT_USER_FILTER
        ),
        "AUTH_LDAP_USER_ATTR_MAP": {
            field: environ.get(variable, "").strip() or attribute for field, (variable, attribute) in ATTRIBUTES.items()
        },
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "AXES_USERNAME_CALLABLE": "people.ldap_login.axes_username",
        "AUTH_LDAP_CONNECTION_OPTIONS": {
            # A directory that does not answer must not hold a login (and a web worker) for long.
            ldap.OPT_NETWORK_TIMEOUT: timeout,
            ldap.OPT_TIMEOUT: timeout,
            # Active Directory refers searches at the domain's root to other servers; following
            # them binds anonymously and fails, so they are not followed (the usual AD setting).
            ldap.OPT_REFERRALS: 0,
        },
    }
    if group_base:
        config["AUTH_LDAP_GROUP_SEARCH"] = LDAPSearch(group_base, ldap.SCOPE_SUBTREE, GROUP_FILTER)
        # Nested: in AD a role group often holds department groups rather than people.
        config["AUTH_LDAP_GROUP_TYPE"] = NestedGroupOfNamesType()
    if required:
        config["AUTH_LDAP_REQUIRE_GROUP"] = required
    if admins:
        # Site admin is superuser + staff, as siteadmin.services.set_roles gives it.
        config["AUTH_LDAP_USER_FLAGS_BY_GROUP"] = {"is_superuser": admins, "is_staff": admins}
    if managers:
        config["BLOGNET_LDAP_MANAGER_GROUP"] = managers
    return config


def authentication_backends(backends, config):
    """Django's backends with the directory's after the local ones, when the directory is configured."""
    if not config:
        return backends
    return [*backends, "people.ldap_login.LDAPBackend"]
