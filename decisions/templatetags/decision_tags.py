"""What the decisions app adds to other apps' pages: the banner on a post, its steps in the
thread, the "Wacht op jou" box, and the state marks on cards. All per reader; what waits for the
reader is cached for the content as it is now (blogs.fragments)."""

from django import template
from django.db.models import Count
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from blogs.fragments import cached_for_reader
from blogs.models import Blog
from comments.threads import Moments
from people.templatetags.people_tags import avatar

from .. import rules
from ..forms import ResolveForm, ResponseForm
from ..marks import time_left
from ..models import Agreement, Event, Proposal, Response
from ..waiting import waiting_for

register = template.Library()


register.filter("time_left", time_left)


@register.inclusion_tag("decisions/includes/banner.html", takes_context=True)
def proposal_banner(context, post):
    """The proposal's state, text, deadline and tally on its post, with what the reader may do;
    for a post that is no proposal yet, the buttons that make it one."""
    user = context["request"].user
    proposal = _proposal_of(post)
    shown = {"request": context["request"], "csrf_token": context.get("csrf_token"), "post": post, "user": user}
    if proposal is None:
        personeelsblog = post.blog.kind == Blog.Kind.PERSONAL and Blog.objects.personeelsblog()
        return {
            **shown,
            "may_open": rules.may_open(user, post),
            "may_move": bool(personeelsblog) and rules.may_move_to_personeelsblog(user, post),
        }
    responses = list(proposal.current_responses().select_related("person").order_by("answered_at", "pk"))
    tally = {choice: [r for r in responses if r.choice == choice] for choice in Response.Choice.values}
    mine = next((r for r in responses if r.person_id == user.pk), None)
    earlier = {}  # the answers to earlier versions stay, counted per version (one query)
    if proposal.version > 1:
        counted = proposal.responses.filter(version__lt=proposal.version).values("version", "choice")
        for row in counted.annotate(n=Count("pk")).order_by("version"):
            earlier.setdefault(row["version"], {"number": row["version"]})[row["choice"]] = row["n"]
    agreement = Agreement.objects.filter(proposal=proposal).select_related("owner").first()
    steering = rules.may_steer(user, proposal)
    for response in tally[Response.Choice.OBJECT]:
        # One form per objection, each with its own ids, so that every label names its own box.
        response.resolve_form = ResolveForm(auto_id=f"bezwaar-{response.pk}-%s")
    return {
        **shown,
        "proposal": proposal,
        "agreement": agreement,
        "consents": tally[Response.Choice.CONSENT],
        "objections": tally[Response.Choice.OBJECT],
        "abstentions": tally[Response.Choice.ABSTAIN],
        "mine": mine,
        "earlier": list(earlier.values()),
        "answer_form": ResponseForm(initial={"choice": mine.choice, "reason": mine.body} if mine else None),
        "may_answer": proposal.is_answerable() and user.is_authenticated,
        "may_steer": steering and rules.is_still_open(proposal),
        "may_reject": rules.is_still_open(proposal) and rules.may_reject(user, proposal),
        "may_record": agreement is None
        and proposal.stage == Proposal.Stage.ACCEPTED
        and rules.may_record(user, proposal),
        "may_mark_done": agreement is not None
        and rules.is_agreement_open(agreement)
        and rules.may_mark_done(user, agreement),
        "may_drop": agreement is not None and rules.is_agreement_open(agreement) and rules.may_drop(user, agreement),
        "today": timezone.localdate(),
    }


def _proposal_of(post):
    """The post's proposal or None, asked once per page: the banner and the thread both need it."""
    if not hasattr(post, "_proposal_on_page"):
        post._proposal_on_page = Proposal.objects.filter(post=post).select_related("proposer").first()
    return post._proposal_on_page


_EVENT = (
    '<li id="stap-{pk}" class="thread-event">'
    '<div class="d-flex align-items-center gap-2 flex-wrap small">{who} <span>{sentence}</span> '
    '<time class="text-body-secondary" datetime="{iso}" title="{title}">{ago}</time></div>{detail}</li>'
)


def _sentence(event):
    what, names = Event.What, {"subject": escape(event.subject.name) if event.subject else ""}
    version = event.version
    if event.what == what.OPENED:
        return _("deed een voorstel")
    if event.what == what.AMENDED:
        return _("paste het voorstel aan: versie %(version)s") % {"version": version}
    if event.what == what.RESOLVED:
        return _("beantwoordde het bezwaar van %(subject)s; het telt als opgelost") % names
    if event.what == what.AGREED:
        return _("legde de afspraak vast, met %(subject)s als eigenaar") % names
    return escape(event.get_what_display())


def event_html(event, moments):
    """One step as a line in the thread: escaped names, the detail from blognet.markup, its moment
    told as the comments around it tell theirs ("3 uur geleden", the date on hover)."""
    moment = moments(event.created_at)
    who = ""
    if event.actor:
        who = format_html("{} <strong>{}</strong>", avatar(event.actor, 24), event.actor.name)
    detail = f'<div class="thread-event-detail">{event.detail_html}</div>' if event.detail_html else ""
    return mark_safe(
        _EVENT.format(
            pk=event.pk,
            who=who,
            sentence=_sentence(event),
            iso=escape(moment.iso),
            title=escape(moment.title),
            ago=escape(moment.ago),
            detail=detail,
        )
    )


@register.simple_tag
def proposal_events(post):
    """The proposal's steps, for comments' thread to place among the comments by their time; none
    without a proposal, and then no query."""
    proposal = _proposal_of(post)
    if proposal is None:
        return []
    events = Event.objects.filter(proposal=proposal).select_related("actor", "subject").order_by("created_at", "pk")
    moments = Moments()
    for event in events:
        event.html = event_html(event, moments)
    return list(events)


@register.inclusion_tag("decisions/includes/waiting.html", takes_context=True)
def waiting_for_you(context):
    """On every front page: two queries made once per reader and generation, not per request. It
    changes by time alone when a shown proposal's deadline passes, or at midnight (agreements due
    within a week): the day is in the name, the deadline ends the cached value."""
    request = context["request"]
    waiting = cached_for_reader(
        request,
        f"waiting:{timezone.localdate()}",
        lambda: waiting_for(request.user),
        expires=lambda waiting: min((proposal.deadline for proposal in waiting.proposals), default=None),
    )
    return {"waiting": waiting}
