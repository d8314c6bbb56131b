import secrets

from django.contrib.auth.models import AbstractUser, Permission, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from blognet.models import ShownInFragments
from blognet.text import xml_safe

username_validator = RegexValidator(
    r"^[a-z0-9._-]+\Z",
    _("Gebruik alleen kleine letters, cijfers en de tekens . - _"),
    code="invalid_username",
)
# Pages of their own under /people/.
RESERVED_USERNAMES = {"me", "suggest"}

# Managers read everything through the participation dashboard and the weekly digest. The role is
# a permission of people (every app may ask it); a migration gives it to this group.
MANAGERS_GROUP = "Leidinggevenden"
MANAGER_PERMISSION = "people.is_manager"


def not_reserved(value):
    if value in RESERVED_USERNAMES:
        raise ValidationError(_("Deze gebruikersnaam is niet beschikbaar."), code="reserved_username")


def new_feed_token():
    return secrets.token_urlsafe(32)


def manager_permission():
    """The manager role's permission row, as both ways of asking who has it start from it."""
    app_label, codename = MANAGER_PERMISSION.split(".")
    return Permission.objects.filter(codename=codename, content_type__app_label=app_label)


class StaffManager(UserManager):
    def for_directory(self):
        return self.filter(is_active=True).order_by("display_name", "username")

    def managers(self):
        """Everyone with the manager role: directly, through a group, or as superuser."""
        granted = manager_permission()
        return self.filter(
            Q(is_superuser=True) | Q(user_permissions__in=granted) | Q(groups__permissions__in=granted)
        ).distinct()

    def departments(self):
        """The departments active colleagues belong to, in alphabetical order (one query)."""
        staff = self.filter(is_active=True).exclude(department="")
        return staff.order_by("department").values_list("department", flat=True).distinct()


class User(ShownInFragments, AbstractUser):
    """A staff member. The username is the @mention handle."""

    username = models.CharField(
        _("gebruikersnaam"),
        max_length=40,
        unique=True,
        validators=[username_validator, not_reserved],
        help_text=_("Collega's noemen je met @gebruikersnaam. Kleine letters, cijfers en . - _"),
        error_messages={"unique": _("Deze gebruikersnaam is al in gebruik.")},
    )
    display_name = models.CharField(_("naam"), max_length=100, blank=True)
    department = models.CharField(_("afdeling of vestiging"), max_length=100, blank=True)
    bio = models.TextField(
        _("over mij"), max_length=500, blank=True, help_text=_("Een paar zinnen over jezelf en je werk.")
    )
    # Indexed: every request for an avatar looks it up by its stored name (blogs/media.py).
    avatar = models.ImageField(_("profielfoto"), upload_to="avatars/", blank=True, db_index=True)
    avatar_thumbnail = models.ImageField(
        _("miniatuur van de profielfoto"), upload_to="avatars/thumbs/", blank=True, editable=False, db_index=True
    )
    # The secret in this person's private feed addresses: a feed reader has no session.
    feed_token = models.CharField(_("feedsleutel"), max_length=64, unique=True, default=new_feed_token, editable=False)
    # Kept by people.visits: what is newer than the previous visit is marked "nieuw".
    last_seen_at = models.DateTimeField(_("laatst gezien op"), null=True, blank=True, editable=False)

    objects = StaffManager()
    not_shown = frozenset({"last_login", "password", "feed_token", "last_seen_at"})

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        permissions = [("is_manager", _("Is leidinggevende: ziet het deelnameoverzicht en krijgt het weekoverzicht"))]

    def __str__(self):
        return self.name

    def save(self, **kwargs):
        # Names travel into feeds and e-mail: nothing XML cannot carry (blognet/text.py).
        self.display_name, self.department, self.bio = map(xml_safe, (self.display_name, self.department, self.bio))
        super().save(**kwargs)

    @property
    def name(self):
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_site_admin(self):
        return self.is_active and self.is_superuser

    @property
    def is_manager(self):
        """has_perm(MANAGER_PERMISSION) in one small query, not two (the person's own permissions and
        their groups' apart): every page's menu asks it."""
        return self.is_active and (
            self.is_superuser or manager_permission().filter(Q(user=self) | Q(group__user=self)).exists()
        )

    @property
    def initials(self):
        parts = self.name.split()
        return "".join(part[0] for part in parts[:2]).upper() or "?"

    def get_absolute_url(self):
        return reverse("people:profile", args=[self.username])

    def replace_feed_token(self):
        """A new private feed address; the old one stops working at once."""
        self.feed_token = new_feed_token()
        self.save(update_fields=["feed_token"])


class ExternalIdentity(models.Model):
    """Who a colleague is at the organisation's identity provider (single sign-on, people/sso.py): the
    issuer and its `sub` claim. Logins are matched on these alone, as they never change and are never
    given to someone else; an e-mail address or a name can be."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="external_identities", verbose_name=_("medewerker")
    )
    issuer = models.CharField(_("identiteitsprovider (issuer)"), max_length=255)
    subject = models.CharField(_("kenmerk bij de provider (sub)"), max_length=255)
    created_at = models.DateTimeField(_("gekoppeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisatieaccount")
        verbose_name_plural = _("organisatieaccounts")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_unique")]

    def __str__(self):
        return f"{self.subject} @ {self.issuer}"
