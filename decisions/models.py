"""Proposals, their consent rounds, the agreements they end in, and the steps in between.

A proposal belongs to one post on a shared blog; its round runs until `deadline`. Every answer is
one Response per person per version; an amendment starts a new version, so earlier answers stay
as they were. Nothing is ever deleted: a withdrawn or rejected proposal keeps its history.

Each of them shows on pages from the cache (a post's marks, "Wacht op jou"), so every save bumps
the content generation (blognet.models.ShownInFragments); they go only with their post, whose
deletion bumps it.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blognet.markup import validate_markdown
from blognet.models import ShownInFragments
from blognet.rendered import RenderedBody

MAX_PROPOSAL_LENGTH = 5000
MAX_REASON_LENGTH = 2000


def add_working_days(moment, days):
    """`moment` plus `days` working days (Monday to Friday), at the same time of day."""
    while days > 0:
        moment += datetime.timedelta(days=1)
        if timezone.localtime(moment).weekday() < 5:
            days -= 1
    return moment


def earliest_deadline(now=None):
    """A round lasts at least two working days, so that colleagues on a day off can still answer."""
    return add_working_days(now or timezone.now(), 2)


class ProposalQuerySet(models.QuerySet):
    def open(self):
        return self.filter(stage=Proposal.Stage.OPEN)

    def readable_by(self, user):
        """Proposals on the posts `user` may read: the post's own read rule, written once."""
        from blogs.models import published_for_q

        return self.filter(published_for_q(user, "post__"))

    def for_listing(self):
        return self.select_related("post__blog", "post__author", "proposer")


class Proposal(RenderedBody, ShownInFragments, models.Model):
    class Stage(models.TextChoices):
        OPEN = "voorstel", _("Voorstel")
        RETURNED = "terug", _("Terug bij de indiener")
        ACCEPTED = "aangenomen", _("Aangenomen")
        REJECTED = "afgewezen", _("Afgewezen")
        WITHDRAWN = "ingetrokken", _("Ingetrokken")

    markup_profile = "comment"

    post = models.OneToOneField(
        "blogs.Post", verbose_name=_("bericht"), on_delete=models.CASCADE, related_name="proposal"
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("indiener"), on_delete=models.PROTECT, related_name="proposals"
    )
    stage = models.CharField(_("stand"), max_length=12, choices=Stage.choices, default=Stage.OPEN)
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    body = models.TextField(_("wat stel je voor?"), max_length=MAX_PROPOSAL_LENGTH, validators=[validate_markdown])
    body_html = models.TextField(_("tekst (HTML)"), editable=False)
    render_version = models.PositiveSmallIntegerField(_("weergaveversie"), default=0, editable=False)
    deadline = models.DateTimeField(_("antwoorden kan tot"))
    concerned_departments = models.JSONField(_("betrokken afdelingen"), default=list, blank=True)
    concerned_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("betrokken collega's"), blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("geopend op"), default=timezone.now)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")
        indexes = [models.Index(fields=["stage", "deadline"], name="proposal_stage_idx")]

    def __str__(self):
        return self.post.title

    def get_absolute_url(self):
        return self.post.get_absolute_url() + "#voorstel"

    def is_answerable(self, now=None):
        return self.stage == self.Stage.OPEN and (now or timezone.now()) < self.deadline

    def current_responses(self):
        return self.responses.filter(version=self.version)

    def open_objections(self):
        return self.current_responses().filter(choice=Response.Choice.OBJECT, resolved_at__isnull=True)

    def concerned(self):
        """The colleagues named, and those of the departments named: told when it opens."""
        from people.models import User

        named = models.Q(pk__in=self.concerned_people.values("pk")) | models.Q(
            department__in=self.concerned_departments
        )
        return User.objects.filter(named, is_active=True)

    def answered_by(self, version=None):
        """Everyone who answered `version` (default: the current one)."""
        from people.models import User

        return User.objects.filter(responses__proposal=self, responses__version=version or self.version)


class Response(RenderedBody, ShownInFragments, models.Model):
    """One colleague's answer to one version of a proposal; changed in place until the deadline."""

    class Choice(models.TextChoices):
        CONSENT = "akkoord", _("Akkoord")
        OBJECT = "bezwaar", _("Bezwaar")
        ABSTAIN = "onthouding", _("Ik onthoud me")

    markup_profile = "comment"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("voorstel"), on_delete=models.CASCADE, related_name="responses"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("medewerker"), on_delete=models.CASCADE, related_name="responses"
    )
    version = models.PositiveSmallIntegerField(_("versie"))
    choice = models.CharField(_("je antwoord"), max_length=12, choices=Choice.choices)
    body = models.TextField(_("reden"), max_length=MAX_REASON_LENGTH, blank=True, validators=[validate_markdown])
    body_html = models.TextField(_("reden (HTML)"), editable=False, blank=True)
    render_version = models.PositiveSmallIntegerField(_("weergaveversie"), default=0, editable=False)
    answered_at = models.DateTimeField(_("geantwoord op"), default=timezone.now)
    resolved_at = models.DateTimeField(_("opgelost op"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgelost door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The proposer's answer to an objection, a comment in the post's thread.
    answer = models.ForeignKey(
        "comments.Comment",
        verbose_name=_("antwoord van de indiener"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "person", "version"], name="response_once_per_version"),
            models.CheckConstraint(
                condition=~models.Q(choice="bezwaar") | ~models.Q(body=""), name="objection_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["person", "proposal"], name="response_by_person_idx")]

    def __str__(self):
        return f"{self.person} – {self.choice}"

    @property
    def is_open_objection(self):
        return self.choice == self.Choice.OBJECT and self.resolved_at is None


class AgreementQuerySet(models.QuerySet):
    def readable_by(self, user):
        from blogs.models import published_for_q

        return self.filter(published_for_q(user, "proposal__post__"))

    def overdue(self, today=None):
        return self.filter(state=Agreement.State.OPEN, due_date__lt=today or timezone.localdate())

    def for_listing(self):
        return self.select_related("owner", "proposal__post__blog", "proposal__proposer")


class Agreement(RenderedBody, ShownInFragments, models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "gedaan", _("Gedaan")
        DROPPED = "vervallen", _("Vervallen")

    markup_profile = "comment"

    proposal = models.OneToOneField(
        Proposal, verbose_name=_("voorstel"), on_delete=models.CASCADE, related_name="agreement"
    )
    body = models.TextField(_("wat is er afgesproken?"), max_length=MAX_PROPOSAL_LENGTH, validators=[validate_markdown])
    body_html = models.TextField(_("tekst (HTML)"), editable=False)
    render_version = models.PositiveSmallIntegerField(_("weergaveversie"), default=0, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="agreements"
    )
    due_date = models.DateField(_("klaar op"))
    review_date = models.DateField(_("evalueren op"), null=True, blank=True)
    state = models.CharField(_("stand"), max_length=10, choices=State.choices, default=State.OPEN)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgesloten door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closing_note = models.CharField(_("toelichting"), max_length=500, blank=True)
    # The moment the next reminder is planned for: the one task that may plan the one after it.
    followup_at = models.DateTimeField(_("volgende herinnering op"), null=True, blank=True, editable=False)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["state", "due_date"], name="agreement_state_idx"),
            models.Index(fields=["owner", "state", "due_date"], name="agreement_owner_idx"),
        ]

    def __str__(self):
        return self.proposal.post.title

    def get_absolute_url(self):
        return self.proposal.post.get_absolute_url() + "#afspraak"

    def is_overdue(self, today=None):
        return self.state == self.State.OPEN and self.due_date < (today or timezone.localdate())

    def shown_state(self, today=None):
        """The register's four states: open, te laat, gedaan, vervallen."""
        return _("te laat") if self.is_overdue(today) else self.get_state_display()

    def was_done_on_time(self):
        return self.state == self.State.DONE and timezone.localdate(self.closed_at) <= self.due_date


class Event(ShownInFragments, models.Model):
    """A step of a proposal, shown in the post's thread: who did what, when."""

    class What(models.TextChoices):
        OPENED = "opened", _("deed een voorstel")
        OBJECTED = "objected", _("maakte bezwaar")
        RESOLVED = "resolved", _("markeerde een bezwaar als opgelost")
        AMENDED = "amended", _("paste het voorstel aan")
        ACCEPTED = "accepted", _("Het voorstel is aangenomen")
        RETURNED = "returned", _("Het voorstel gaat terug naar de indiener: er zijn bezwaren")
        WITHDRAWN = "withdrawn", _("trok het voorstel in")
        REJECTED = "rejected", _("wees het voorstel af")
        AGREED = "agreed", _("legde de afspraak vast")
        DONE = "done", _("meldde de afspraak als gedaan")
        DROPPED = "dropped", _("liet de afspraak vervallen")

    proposal = models.ForeignKey(Proposal, verbose_name=_("voorstel"), on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gedaan door"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    what = models.CharField(_("wat"), max_length=10, choices=What.choices)
    # The colleague the step is about: whose objection was resolved, who owns the agreement.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("betreft"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    version = models.PositiveSmallIntegerField(_("versie"))
    # What the step said, as HTML from blognet.markup (a proposal's text, a reason, a note), or "".
    detail_html = models.TextField(_("toelichting (HTML)"), blank=True)
    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["proposal", "created_at"], name="event_by_proposal_idx")]

    def __str__(self):
        return f"{self.proposal_id} {self.what}"


class Reminder(models.Model):
    """A reminder that was sent: its key ("round:12:v2", "overdue:4:3") is written once, in the
    transaction that tells the people, so a second worker or a second run sends nothing."""

    key = models.CharField(max_length=60, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")

    def __str__(self):
        return self.key
