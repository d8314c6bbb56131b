"""The one way to write proposals, answers and agreements: the views, the demo and the tests call these.

Every step writes an Event (the thread shows it) and sends a signal from decisions.signals;
who is told is decided in notifications. A round's state is read and changed with its row locked
(SQLite's write transactions are serialised anyway), so an answer and the closing of the round
never cross: the answer is either counted or refused with a message.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blognet.markup import render_markdown
from comments.services import add_comment

from . import followup, signals
from .models import Agreement, Event, Proposal, Response, earliest_deadline


def check_deadline(deadline, now=None):
    if deadline < earliest_deadline(now):
        raise ValidationError(
            _("Kies een moment minstens twee werkdagen vooruit, zodat iedereen kan antwoorden."), code="too_soon"
        )


def check_due_date(due_date, today=None):
    if due_date < (today or timezone.localdate()):
        raise ValidationError(_("De datum waarop het klaar moet zijn ligt in het verleden."), code="past")


def check_owner(owner):
    if not owner.is_active:
        raise ValidationError(_("%(name)s werkt hier niet meer: kies een andere eigenaar.") % {"name": owner.name})


def _event(proposal, what, *, actor=None, subject=None, detail_html="", at=None):
    return Event.objects.create(
        proposal=proposal,
        what=what,
        actor=actor,
        subject=subject,
        version=proposal.version,
        detail_html=detail_html,
        created_at=at or timezone.now(),
    )


def _locked(proposal):
    return Proposal.objects.select_for_update().select_related("post__blog").get(pk=proposal.pk)


@transaction.atomic
def open_proposal(post, *, by, body, deadline, departments=(), people=(), at=None):
    """Turn `post` into a proposal with its first consent round, open until `deadline`."""
    if post.blog.kind != post.blog.Kind.SHARED:
        raise ValidationError(_("Een voorstel hoort op het Personeelsblog of een teamblog."), code="personal_blog")
    check_deadline(deadline, at)
    proposal = Proposal(
        post=post,
        proposer=by,
        body=body,
        deadline=deadline,
        concerned_departments=sorted(set(departments)),
        opened_at=at or timezone.now(),
    )
    proposal.save()
    proposal.concerned_people.set(people)
    _event(proposal, Event.What.OPENED, actor=by, detail_html=proposal.body_html, at=at)
    followup.schedule_round(proposal)
    signals.proposal_opened.send(sender=Proposal, proposal=proposal)
    return proposal


@transaction.atomic
def answer(proposal, *, person, choice, reason="", now=None):
    """Record or change `person`'s answer to the current version. Asking twice counts once."""
    proposal = _locked(proposal)
    if not proposal.is_answerable(now):
        raise ValidationError(_("De ronde is gesloten: je antwoord is niet meer meegeteld."), code="closed")
    reason = reason.strip() if choice == Response.Choice.OBJECT else ""
    if choice == Response.Choice.OBJECT and not reason:
        raise ValidationError(_("Schrijf erbij wat je bezwaar is, dan kan de indiener erop ingaan."), code="no_reason")
    response = Response.objects.filter(proposal=proposal, person=person, version=proposal.version).first()
    if response and response.choice == choice and response.body == reason:
        return response  # the same answer again (a double click): nothing changes
    response = response or Response(proposal=proposal, person=person, version=proposal.version)
    response.choice, response.body = choice, reason
    response.answered_at = now or timezone.now()
    response.resolved_at = response.resolved_by = None
    response.save()
    if choice == Response.Choice.OBJECT:
        _event(proposal, Event.What.OBJECTED, actor=person, detail_html=response.body_html, at=now)
        signals.objection_raised.send(sender=Response, response=response)
    return response


@transaction.atomic
def resolve_objection(response, *, by, answer_text):
    """The proposer answers an objection in the thread (a comment that mentions the objector)
    and marks it resolved."""
    proposal = _locked(response.proposal)
    response = Response.objects.select_for_update().get(pk=response.pk)
    if not response.is_open_objection or response.version != proposal.version:
        raise ValidationError(_("Dit bezwaar is al beantwoord."), code="resolved")
    if not answer_text.strip():
        raise ValidationError(_("Schrijf je antwoord op het bezwaar."), code="no_answer")
    body = f"@{response.person.username} {answer_text.strip()}"
    response.answer = add_comment(post=proposal.post, author=by, body=body)
    response.resolved_at, response.resolved_by = timezone.now(), by
    response.save(update_fields=["answer", "resolved_at", "resolved_by"])
    _event(proposal, Event.What.RESOLVED, actor=by, subject=response.person)
    return response


@transaction.atomic
def amend(proposal, *, by, body, deadline):
    """Version N+1 of the text with a new round; everyone who answered version N is asked again."""
    proposal = _locked(proposal)
    if proposal.stage not in (Proposal.Stage.OPEN, Proposal.Stage.RETURNED):
        raise ValidationError(_("Dit voorstel is afgerond en kan niet meer worden aangepast."), code="closed")
    check_deadline(deadline)
    asked = list(proposal.answered_by())
    proposal.version += 1
    proposal.body, proposal.deadline = body, deadline
    proposal.stage, proposal.closed_at = Proposal.Stage.OPEN, None
    proposal.save()
    _event(proposal, Event.What.AMENDED, actor=by, detail_html=proposal.body_html)
    followup.schedule_round(proposal)
    signals.proposal_amended.send(sender=Proposal, proposal=proposal, asked=asked)
    return proposal


def _end(proposal, stage, what, *, by=None, note="", now=None):
    proposal.stage, proposal.closed_at = stage, now or timezone.now()
    proposal.save(update_fields=["stage", "closed_at"])
    detail = render_markdown(note, profile="comment") if note else ""
    _event(proposal, what, actor=by, detail_html=detail, at=now)
    signals.round_closed.send(sender=Proposal, proposal=proposal, by=by)
    return proposal


@transaction.atomic
def withdraw(proposal, *, by, note=""):
    proposal = _locked(proposal)
    if proposal.stage not in (Proposal.Stage.OPEN, Proposal.Stage.RETURNED):
        raise ValidationError(_("Dit voorstel is al afgerond."), code="closed")
    return _end(proposal, Proposal.Stage.WITHDRAWN, Event.What.WITHDRAWN, by=by, note=note)


@transaction.atomic
def reject(proposal, *, by, note=""):
    proposal = _locked(proposal)
    if proposal.stage not in (Proposal.Stage.OPEN, Proposal.Stage.RETURNED):
        raise ValidationError(_("Dit voorstel is al afgerond."), code="closed")
    return _end(proposal, Proposal.Stage.REJECTED, Event.What.REJECTED, by=by, note=note)


@transaction.atomic
def close_round(proposal_id, version, now=None):
    """At the deadline: accepted without open objections, else back to the proposer. Exactly
    once: a second worker, a second run or a round amended since finds nothing to close."""
    now = now or timezone.now()
    proposal = (
        Proposal.objects.select_for_update()
        .filter(pk=proposal_id, version=version, stage=Proposal.Stage.OPEN, deadline__lte=now)
        .first()
    )
    if proposal is None:
        return None
    if proposal.open_objections().exists():
        return _end(proposal, Proposal.Stage.RETURNED, Event.What.RETURNED, now=proposal.deadline)
    return _end(proposal, Proposal.Stage.ACCEPTED, Event.What.ACCEPTED, now=proposal.deadline)


@transaction.atomic
def record_agreement(proposal, *, by, body, owner, due_date, review_date=None):
    proposal = _locked(proposal)
    if proposal.stage != Proposal.Stage.ACCEPTED:
        raise ValidationError(_("Alleen bij een aangenomen voorstel hoort een afspraak."), code="not_accepted")
    if Agreement.objects.filter(proposal=proposal).exists():
        raise ValidationError(_("De afspraak is al vastgelegd."), code="exists")
    check_owner(owner)
    check_due_date(due_date)
    agreement = Agreement(
        proposal=proposal, body=body, owner=owner, due_date=due_date, review_date=review_date, recorded_by=by
    )
    agreement.save()
    _event(proposal, Event.What.AGREED, actor=by, subject=owner, detail_html=agreement.body_html)
    followup.schedule_agreement(agreement)
    signals.agreement_recorded.send(sender=Agreement, agreement=agreement)
    return agreement


def _close_agreement(agreement, state, what, *, by, note):
    agreement = Agreement.objects.select_for_update().select_related("proposal").get(pk=agreement.pk)
    if agreement.state != Agreement.State.OPEN:
        raise ValidationError(_("Deze afspraak is al afgesloten."), code="closed")
    agreement.state, agreement.closed_at, agreement.closed_by = state, timezone.now(), by
    agreement.closing_note = note.strip()
    agreement.save(update_fields=["state", "closed_at", "closed_by", "closing_note"])
    detail = render_markdown(agreement.closing_note, profile="comment") if agreement.closing_note else ""
    _event(agreement.proposal, what, actor=by, subject=agreement.owner, detail_html=detail)
    return agreement


@transaction.atomic
def mark_done(agreement, *, by, note=""):
    return _close_agreement(agreement, Agreement.State.DONE, Event.What.DONE, by=by, note=note)


@transaction.atomic
def drop(agreement, *, by, reason):
    if not reason.strip():
        raise ValidationError(_("Schrijf erbij waarom de afspraak vervalt."), code="no_reason")
    return _close_agreement(agreement, Agreement.State.DROPPED, Event.What.DROPPED, by=by, note=reason)
