from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blognet.access import may_read
from blognet.markup import mentioned_in, validate_markdown
from blognet.models import ShownInFragments
from blognet.rendered import RenderedBody
from blogs.models import published_q
from people.models import User

MAX_COMMENT_LENGTH = 5000


class ImportedGuest:
    """Who wrote an imported comment without being a colleague, as pages show them: their own
    name and initials, marked as from the import, with no profile to link to and no login."""

    pk = None
    username = ""
    avatar = avatar_thumbnail = None

    def __init__(self, name):
        self.name = name

    @property
    def initials(self):
        return "".join(part[0] for part in self.name.split()[:2]).upper() or "?"

    def get_absolute_url(self):
        return ""


class CommentQuerySet(models.QuerySet):
    def shown(self):
        """Comments whose text is shown: removed ones keep their place in a thread, nothing else."""
        return self.filter(removed_at__isnull=True)

    def on_published_posts(self):
        return self.filter(published_q("post__"))

    def readable_by(self, user):
        """Comments on the posts `user` may read (removed ones included: a thread keeps its shape)."""
        return self.on_published_posts() if may_read(user) else self.none()


class Comment(RenderedBody, ShownInFragments, models.Model):
    markup_profile = "comment"

    post = models.ForeignKey("blogs.Post", verbose_name=_("bericht"), on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", verbose_name=_("antwoord op"), on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    # Empty only for a comment brought in by an import from someone who is no colleague: they keep
    # their own name (guest_name), marked as from the import, and never get an account.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
    )
    guest_name = models.CharField(_("naam (uit een import)"), max_length=200, blank=True)
    guest_email = models.EmailField(_("e-mailadres (uit een import)"), blank=True)
    guest_url = models.URLField(_("website (uit een import)"), max_length=500, blank=True)
    body = models.TextField(_("reactie"), max_length=MAX_COMMENT_LENGTH, validators=[validate_markdown])
    body_html = models.TextField(_("tekst (HTML)"), editable=False)
    render_version = models.PositiveSmallIntegerField(_("weergaveversie"), default=0, editable=False)
    created_at = models.DateTimeField(_("geplaatst op"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("bewerkt op"), null=True, blank=True)
    removed_at = models.DateTimeField(_("verwijderd op"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verwijderd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The form's one-time key: a double-clicked "Plaatsen" posts it twice, but saves one comment.
    submission_key = models.UUIDField(_("verzendsleutel"), null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["author", "submission_key"], name="comment_submitted_once"),
            models.CheckConstraint(
                condition=models.Q(author__isnull=False) | ~models.Q(guest_name=""), name="comment_has_a_writer"
            ),
        ]
        # A person's newest comments (directory cards, profile), read from the newest end.
        indexes = [models.Index(fields=["author", "-created_at", "-id"], name="comment_by_author_idx")]

    def __str__(self):
        return f"{self.writer_name} – {self.body[:40]}"

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def writer(self):
        """Who wrote it: the colleague, or an ImportedGuest standing in for someone from an import."""
        return self.author if self.author_id else ImportedGuest(self.guest_name)

    @property
    def writer_name(self):
        return self.writer.name

    @property
    def is_removed(self):
        return self.removed_at is not None

    def is_readable_by(self, user):
        """The instance mirror of CommentQuerySet.readable_by()."""
        return may_read(user) and self.post.is_published()

    def can_be_edited_by(self, user):
        return user.is_authenticated and user.pk == self.author_id and not self.is_removed

    def can_be_removed_by(self, user):
        """Its author; the blog's owner or a shared blog's editors; site admins.

        Blog.is_moderated_by remembers its answer, so a thread sharing one post asks once."""
        if not user.is_authenticated or self.is_removed:
            return False
        return user.pk == self.author_id or self.post.blog.is_moderated_by(user)

    def can_be_restored_by(self, user):
        """Undoing a removal: whoever removed it, and the blog's moderators."""
        if not user.is_authenticated or not self.is_removed:
            return False
        return user.pk == self.removed_by_id or self.post.blog.is_moderated_by(user)


class Mention(models.Model):
    """A colleague @mentioned in a post (comment empty) or in a comment on it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("genoemde collega"), on_delete=models.CASCADE, related_name="mentions"
    )
    post = models.ForeignKey("blogs.Post", verbose_name=_("bericht"), on_delete=models.CASCADE, related_name="mentions")
    comment = models.ForeignKey(
        Comment, verbose_name=_("reactie"), on_delete=models.CASCADE, null=True, blank=True, related_name="mentions"
    )
    created_at = models.DateTimeField(_("genoemd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vermelding")
        verbose_name_plural = _("vermeldingen")
        constraints = [
            models.UniqueConstraint(fields=["user", "post", "comment"], name="mention_once"),
            models.UniqueConstraint(
                fields=["user", "post"], condition=models.Q(comment__isnull=True), name="mention_once_per_post"
            ),
        ]

    def __str__(self):
        return f"@{self.user} – {self.post}"

    @classmethod
    def record(cls, *, post, comment=None, author):
        """Record who `post` (or `comment`) mentions; return the colleagues newly mentioned there.

        The mentions are the links the markup pipeline made when the text was saved (one query
        for the people, one for who was recorded before); the author is left out.
        """
        usernames = mentioned_in(comment.body_html if comment else post.body_html)
        if not usernames:
            return []
        users = list(User.objects.filter(username__in=usernames, is_active=True).exclude(pk=author.pk))
        known = set(cls.objects.filter(post=post, comment=comment, user__in=users).values_list("user_id", flat=True))
        cls.objects.bulk_create(cls(user=user, post=post, comment=comment) for user in users if user.pk not in known)
        return [user for user in users if user.pk not in known]


class DailyComments(models.Model):
    """How many shown comments a post got on one day (Europe/Amsterdam): kept by comments.services.

    "Most discussed this week" and the digest's liveliest discussions add up a week of these rows,
    a few per active post per day, instead of counting that week's comments one by one.
    """

    post = models.ForeignKey("blogs.Post", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("reacties per dag")
        verbose_name_plural = _("reacties per dag")
        constraints = [models.UniqueConstraint(fields=["day", "post"], name="daily_comments_once")]

    def __str__(self):
        return f"{self.post_id} {self.day}: {self.count}"


class Reaction(models.Model):
    """One person's reaction, from a small fixed set, to a post (comment empty) or to a comment on it.

    The post is kept for a comment's reaction too, so a post page reads all of its reactions
    through one (post, comment, kind) index. comments.reactions writes and reads them.
    """

    class Kind(models.TextChoices):
        AGREE = "eens", _("eens")
        LOVELY = "mooi", _("mooi")
        IDEA = "idee", _("goed idee")
        THANKS = "bedankt", _("bedankt")

    EMOJI = {"eens": "👍", "mooi": "❤️", "idee": "💡", "bedankt": "🙏"}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("medewerker"), on_delete=models.CASCADE, related_name="reactions"
    )
    post = models.ForeignKey(
        "blogs.Post", verbose_name=_("bij bericht"), on_delete=models.CASCADE, related_name="reactions"
    )
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("bij reactie"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reactions",
    )
    kind = models.CharField(_("reactie"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(_("gegeven op"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("reactie met een emoji")
        verbose_name_plural = _("reacties met een emoji")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post"], condition=models.Q(comment__isnull=True), name="reaction_once_per_post"
            ),
            models.UniqueConstraint(
                fields=["user", "comment"], condition=models.Q(comment__isnull=False), name="reaction_once_per_comment"
            ),
        ]
        indexes = [models.Index(fields=["post", "comment", "kind"], name="reaction_on_post_idx")]

    def __str__(self):
        return f"{self.user} {self.kind} → {self.comment_id or self.post_id}"

    @property
    def emoji(self):
        return self.EMOJI[self.kind]
