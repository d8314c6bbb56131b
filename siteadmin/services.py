"""The one way Beheer (/manage/) writes: the views, tests and any later command call these.

Each function is one transaction: it happens entirely or not at all.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from blogs.models import Blog, Membership, unique_slug
from people.onboarding import create_colleague, find_by_email, grant_roles, normalized_email

from .invitations import send_invitation_email


@transaction.atomic
def invite_colleague(*, name, email, department=""):
    """A new colleague with their own blog (made by blogs' post_save receiver, as for every account) and
    no password yet; the invitation mail with the link to set one is queued in the same transaction."""
    email = normalized_email(email)
    if find_by_email(email):
        raise ValidationError(_("Er is al een collega met dit e-mailadres."), code="email_taken")
    user = create_colleague(name=name, email=email, department=department)
    send_invitation_email.enqueue(user.pk)
    return user


def resend_invitation(user):
    """A new invitation mail for someone who has not set a password yet (the old link may be too old)."""
    if user.has_usable_password() or not user.is_active:
        raise ValidationError(_("Deze collega heeft al een wachtwoord of is gedeactiveerd."), code="not_invited")
    send_invitation_email.enqueue(user.pk)


@transaction.atomic
def invite_many(rows):
    """Invite each {name, email, department} whose e-mail address is not known yet; returns (invited, skipped)."""
    invited, skipped = [], []
    for row in rows:
        if find_by_email(row["email"]):
            skipped.append(row)
        else:
            invited.append(invite_colleague(name=row["name"], email=row["email"], department=row["department"]))
    return invited, skipped


def deactivate(user, *, by):
    """They can no longer log in (Django refuses inactive accounts, also sessions already open); what
    they wrote stays under their name."""
    if user.pk == by.pk:
        raise ValidationError(_("Je kunt jezelf niet deactiveren."), code="self")
    user.is_active = False
    user.save(update_fields=["is_active"])


def reactivate(user):
    user.is_active = True
    user.save(update_fields=["is_active"])


@transaction.atomic
def set_roles(user, *, is_manager, is_site_admin, by):
    """Manager: the group "Leidinggevenden". Site admin: superuser and staff (also the Django admin)."""
    if user.pk == by.pk and not is_site_admin:
        raise ValidationError(_("Je kunt je eigen beheerdersrol niet afnemen."), code="self")
    grant_roles(user, is_manager=is_manager, is_site_admin=is_site_admin)


@transaction.atomic
def create_team_blog(*, title, slug="", tagline="", is_open_to_all=False):
    blog = Blog(
        title=title,
        slug=slug or unique_slug(title, Blog.objects.all(), fallback="teamblog"),
        tagline=tagline,
        kind=Blog.Kind.SHARED,
        is_open_to_all=is_open_to_all,
    )
    blog.full_clean()
    blog.save()
    return blog


def set_membership(blog, user, role):
    """Give `user` this role on the team blog `blog` (another role they had there is replaced)."""
    if blog.kind != Blog.Kind.SHARED:
        raise ValidationError(_("Alleen een teamblog heeft redacteuren en auteurs."), code="personal")
    membership, _created = Membership.objects.update_or_create(blog=blog, user=user, defaults={"role": role})
    return membership


def remove_membership(blog, user):
    Membership.objects.filter(blog=blog, user=user).delete()
