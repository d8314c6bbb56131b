"""How someone becomes a colleague in Blognet, whichever way they come in: invited by a site admin
(siteadmin/services.py) or at their first login through single sign-on (people/sso.py).

Both make the account here, so both get the same @handle rules and the same personal blog (made by
blogs' post_save receiver, as for every account); both set roles through `grant_roles`.
"""

import re
import unicodedata

from django.contrib.auth.models import Group
from django.db import transaction

from .models import MANAGERS_GROUP, RESERVED_USERNAMES, User, manager_permission

USERNAME_MAX = 40


def username_for(email, name):
    """A free @handle made from the e-mail address (before the @), or the name when that gives nothing."""
    for source in (email.split("@")[0], name):
        folded = unicodedata.normalize("NFKD", source).encode("ascii", "ignore").decode().lower()
        base = re.sub(r"[^a-z0-9._-]+", ".", folded).strip("._-")[: USERNAME_MAX - 4]
        if base:
            break
    else:
        base = "collega"
    username, n = base, 2
    while username in RESERVED_USERNAMES or User.objects.filter(username=username).exists():
        username, n = f"{base}{n}", n + 1
    return username


def normalized_email(email):
    return User.objects.normalize_email(email.strip()).lower()


def find_by_email(email):
    return User.objects.filter(email__iexact=email.strip()).first()


def create_colleague(*, name, email, department=""):
    """A new account with no password, and so its personal blog. The caller checks first that the
    e-mail address is free (an invitation refuses, single sign-on refuses or links)."""
    email = normalized_email(email)
    user = User(
        username=username_for(email, name),
        email=email,
        display_name=name.strip(),
        department=department.strip(),
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


def managers_group():
    """The group "Leidinggevenden" from people's migration, made again with its permission if it went."""
    group, _created = Group.objects.get_or_create(name=MANAGERS_GROUP)
    group.permissions.add(*manager_permission())
    return group


@transaction.atomic
def grant_roles(user, *, is_manager, is_site_admin):
    """Manager: the group "Leidinggevenden". Site admin: superuser and staff (also the Django admin)."""
    group = managers_group()
    if is_manager:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    user.is_superuser = user.is_staff = is_site_admin
    user.save(update_fields=["is_superuser", "is_staff"])
