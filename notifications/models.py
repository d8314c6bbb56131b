from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from blogs.models import published_q

from .kinds import kind_named


class Follow(models.Model):
    """Someone who hears about new comments on a post: its writer, its commenters, or by choice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("volger"), on_delete=models.CASCADE, related_name="follows"
    )
    post = models.ForeignKey("blogs.Post", verbose_name=_("bericht"), on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(_("volgt sinds"), auto_now_add=True)

    class Meta:
        verbose_name = _("volger")
        verbose_name_plural = _("volgers")
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="follow_once")]

    def __str__(self):
        return f"{self.user} → {self.post}"


class ColleagueFollow(models.Model):
    """Someone who hears about every new post a colleague writes, on any blog."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("volger"), on_delete=models.CASCADE, related_name="colleague_follows"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gevolgde collega"), on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(_("volgt sinds"), auto_now_add=True)

    class Meta:
        verbose_name = _("gevolgde collega")
        verbose_name_plural = _("gevolgde collega's")
        constraints = [
            models.UniqueConstraint(fields=["user", "person"], name="colleague_follow_once"),
            models.CheckConstraint(condition=~Q(user=models.F("person")), name="colleague_follow_not_self"),
        ]

    def __str__(self):
        return f"{self.user} → @{self.person}"


class BlogFollow(models.Model):
    """Someone who hears about every new post on a blog, whoever writes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("volger"), on_delete=models.CASCADE, related_name="blog_follows"
    )
    blog = models.ForeignKey("blogs.Blog", verbose_name=_("blog"), on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(_("volgt sinds"), auto_now_add=True)

    class Meta:
        verbose_name = _("gevolgd blog")
        verbose_name_plural = _("gevolgde blogs")
        constraints = [models.UniqueConstraint(fields=["user", "blog"], name="blog_follow_once")]

    def __str__(self):
        return f"{self.user} → {self.blog}"


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        """`user`'s notifications about posts they may still read: one taken back to draft drops out
        (its author keeps theirs). A join on the post, which the listing loads anyway."""
        return self.filter(recipient=user).filter(published_q("post__") | Q(post__author=user))

    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_listing(self):
        """A notification tells who did what where: the post's and comment's texts are not read."""
        return self.select_related("actor", "post__blog", "comment").defer(
            "post__body", "post__body_html", "post__excerpt", "comment__body", "comment__body_html"
        )


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ontvanger"), on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gedaan door"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=30)  # a key of notifications.kinds.KINDS
    post = models.ForeignKey("blogs.Post", verbose_name=_("bericht"), on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(
        "comments.Comment", verbose_name=_("reactie"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True, editable=False)
    # How many people a bundled notification tells about, the actor (the newest of them) included:
    # "Wilma en 3 anderen reageerden ..." is one notification, updated in place while unread.
    actor_count = models.PositiveIntegerField(_("aantal personen"), default=1, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            # A person's list, newest first, read from the newest end (not sorted from all of theirs).
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_list_idx"),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.kind}"

    def get_absolute_url(self):
        return reverse("notifications:notification_open", args=[self.pk])

    def target_url(self):
        if self.comment_id:
            return self.comment.get_absolute_url()
        anchor = kind_named(self.kind).anchor
        return self.post.get_absolute_url() + (f"#{anchor}" if anchor else "")

    @property
    def text(self):
        """What happened, in a sentence: "Bob antwoordde op je reactie bij „Leesclub”"."""
        return kind_named(self.kind).describe(self)


class Digest(models.TextChoices):
    OFF = "off", _("geen overzicht")
    DAILY = "daily", _("elke dag")
    WEEKLY = "weekly", _("elke week")


def default_digest(is_manager):
    """Managers get the weekly overview unless they say otherwise; others only when they ask."""
    return Digest.WEEKLY if is_manager else Digest.OFF


class EmailPreference(models.Model):
    """What a person wants by e-mail. Without a choice: each kind's default, and the digest by role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.CASCADE,
        related_name="email_preference",
    )
    # {kind key: true/false} for the kinds this person chose about; the others follow their default.
    kinds = models.JSONField(_("e-mail per soort melding"), default=dict, blank=True)
    digest = models.CharField(_("overzicht per e-mail"), max_length=10, choices=Digest.choices, blank=True)

    class Meta:
        verbose_name = _("e-mailvoorkeur")
        verbose_name_plural = _("e-mailvoorkeuren")

    def __str__(self):
        return str(self.user)

    def wants(self, key):
        return bool(self.kinds.get(key, kind_named(key).email_by_default))


def digest_for(preference, *, is_manager):
    """The digest this person gets: their own choice, or the default for their role."""
    return (preference.digest if preference else "") or default_digest(is_manager)


class DigestSent(models.Model):
    """One digest per person per period: sending again for the same period sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=10, choices=Digest.choices)
    period_start = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verstuurd overzicht")
        verbose_name_plural = _("verstuurde overzichten")
        constraints = [models.UniqueConstraint(fields=["user", "period", "period_start"], name="digest_once")]

    def __str__(self):
        return f"{self.user} {self.period} {self.period_start}"
