"""generate_data's proposals: consent rounds in every stage and agreements in every state, in bulk.

Written past decisions.services for speed, as the rest of generate_data is, but in the shapes the
services leave behind: one Response per person per version, an Event for every step, stored HTML
rendered once per distinct text through blognet.markup.render_markdown. Objections are resolved
without an answering comment in the thread (Response.answer stays empty), and no Reminder rows or
planned reminders are written: measuring data must tell nobody anything.

The stages and agreement states are dealt out as from a shuffled deck, so that every one of them
is present as soon as there are enough proposals; the newest posts hold the rounds still open.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from blognet.markup import RENDER_VERSION, render_markdown
from decisions.models import Agreement, Event, Proposal, Response

DAY = datetime.timedelta(days=1)
ROUND = datetime.timedelta(days=7)
STAGES = {  # share of the proposals in each stage
    Proposal.Stage.OPEN: 0.15,
    Proposal.Stage.RETURNED: 0.08,
    Proposal.Stage.ACCEPTED: 0.57,
    Proposal.Stage.REJECTED: 0.08,
    Proposal.Stage.WITHDRAWN: 0.12,
}
OPEN, OVERDUE, ON_TIME, LATE, DROPPED = "open", "overdue", "on time", "late", "dropped"
AGREEMENTS = {OPEN: 0.25, OVERDUE: 0.15, ON_TIME: 0.35, LATE: 0.15, DROPPED: 0.10}

PROPOSALS = [
    "We gaan {subject} {moment} {action}, te beginnen in {place}.",
    "Ik stel voor dat {department} {subject} {moment} samen met {partner} oppakt.",
    "Vanaf nu {action} we {subject} voor {audience}, met {item}.",
    "We doen {moment} een proef van {number} dagen met {subject} in {place}.",
]
OBJECTIONS = [
    "Nog niet iedereen staat erachter: {department} is niet gevraagd.",
    "Dit kost meer tijd dan we hebben, zeker {moment}.",
    "Voor {audience} werkt dit niet zonder {item}.",
    "Eerst {subject} {action}, dan pas dit.",
]
AGREED = [
    "{department} zorgt voor {item}; we kijken {moment} of het werkt.",
    "We beginnen in {place} met {subject}; de eigenaar meldt het als het klaar is.",
    "Er komt {item}, eerst voor {audience}.",
]
DONE_NOTES = ["", "Gedaan, en goed ontvangen.", "Klaar; het verslag staat op het Personeelsblog.", "Gedaan in {place}."]
DROP_REASONS = [
    "Niet meer nodig: {subject} is anders geregeld.",
    "Geen budget dit jaar.",
    "Ingehaald door het jaarplan.",
]
NOTES = ["", "We pakken dit later opnieuw op.", "Hier is nu geen ruimte voor."]
DISTINCT = 60  # distinct texts of each kind, each rendered once


def deck(shares, count, rng):
    """`count` cards in the proportions of `shares`, at least one of each when there is room."""
    cards = list(shares) if count >= len(shares) else []
    cards += rng.choices(list(shares), weights=list(shares.values()), k=count - len(cards))
    rng.shuffle(cards)
    return cards


class Texts:
    """A few distinct texts per kind, each rendered once: (markdown, html) pairs to draw from."""

    def __init__(self, prose):
        self.rng = prose.rng

        def rendered(templates, count=DISTINCT):
            pairs = {}
            for _ in range(count):
                template = self.rng.choice(templates)
                text = prose.fill(template) if template else ""
                pairs.setdefault(text, render_markdown(text, profile="comment") if text else "")
            return list(pairs.items())

        self.proposals = rendered(PROPOSALS)
        self.objections = rendered(OBJECTIONS)
        self.agreements = rendered(AGREED)
        self.done_notes = rendered(DONE_NOTES, 10)
        self.drop_reasons = rendered(DROP_REASONS, 10)
        self.notes = [("", "")] + rendered([note for note in NOTES if note], 5)

    def pick(self, kind):
        return self.rng.choice(getattr(self, kind))


@dataclass
class Plan:
    """One proposal before it is written, with the rows that hang off it."""

    proposal: Proposal
    responses: list = field(default_factory=list)
    events: list = field(default_factory=list)
    agreement: Agreement | None = None
    agreement_events: list = field(default_factory=list)


def generate_proposals(posts, users, count, rng, prose, now):
    """Write `count` proposals on `posts` ((id, author id, published_at) of shared-blog posts)."""
    texts = Texts(prose)
    chosen = sorted(rng.sample(posts, count), key=lambda post: post[2])
    cards = deck(STAGES, count, rng)
    open_ = [stage for stage in cards if stage == Proposal.Stage.OPEN]
    stages = [stage for stage in cards if stage != Proposal.Stage.OPEN] + open_  # open rounds on the newest posts
    states = iter(deck(AGREEMENTS, stages.count(Proposal.Stage.ACCEPTED), rng))
    plans = []
    for (post_id, author_id, published_at), stage in zip(chosen, stages, strict=True):
        plan = plan_round(post_id, author_id, published_at, stage, users, rng, texts, now)
        if stage == Proposal.Stage.ACCEPTED:
            plan_agreement(plan, next(states), users, rng, texts, now)
        plans.append(plan)

    Proposal.objects.bulk_create([plan.proposal for plan in plans], batch_size=500)
    for plan in plans:  # the proposals have their ids now
        for row in [*plan.responses, *plan.events]:
            row.proposal_id = plan.proposal.pk
        if plan.agreement:
            plan.agreement.proposal_id = plan.proposal.pk
    Response.objects.bulk_create([row for plan in plans for row in plan.responses], batch_size=2000)
    Agreement.objects.bulk_create([plan.agreement for plan in plans if plan.agreement], batch_size=2000)
    events = sorted((row for plan in plans for row in plan.events), key=lambda event: event.created_at)
    Event.objects.bulk_create(events, batch_size=2000)
    return {"proposals": len(plans), "agreements": sum(1 for plan in plans if plan.agreement)}


def plan_round(post_id, proposer_id, published_at, stage, users, rng, texts, now):
    """The versions of one proposal, their answers and steps, ending in `stage`."""
    versions = rng.choices([1, 2, 3], weights=[70, 25, 5])[0]
    soon_after_post = published_at + datetime.timedelta(hours=1 + rng.expovariate(1 / 20))
    if stage == Proposal.Stage.OPEN:
        # The last round is still running: it opened up to six days ago and ends within the week.
        last = max(soon_after_post, now - DAY * rng.uniform(0.2, 6))
        start = max(soon_after_post, last - (versions - 1) * 4 * DAY)
        versions = 1 if start == last else versions
    else:
        # Closed long enough ago for its agreement to be done, late or overdue; only in a tiny
        # data set does that move a round before its post.
        start = min(soon_after_post, now - versions * ROUND - 12 * DAY)
    body, body_html = texts.pick("proposals")
    proposal = Proposal(
        post_id=post_id,
        proposer_id=proposer_id,
        stage=stage,
        version=versions,
        concerned_departments=sorted({user.department for user in rng.sample(users, min(2, len(users)))}),
        opened_at=start,
        render_version=RENDER_VERSION,
    )
    plan = Plan(proposal)
    plan_event(plan, Event.What.OPENED, 1, start, actor_id=proposer_id, detail_html=body_html)
    others = [user for user in users if user.pk != proposer_id] or users
    opened = start
    for version in range(1, versions + 1):
        last = version == versions
        amended = None if last else opened + DAY * rng.uniform(2, 6)
        until = amended or min(opened + ROUND, now)
        objections = rng.randint(0 if last else 1, 3)  # an amendment answers at least one
        if last and stage == Proposal.Stage.RETURNED:
            objections = max(objections, 1)
        people = rng.sample(others, min(len(others), rng.randint(5, max(5, len(others) // 4))))
        for n, person in enumerate(people):
            answered = opened + (until - opened) * rng.random() * 0.9
            plan.responses.append(
                plan_response(
                    plan, person.pk, version, answered, n < objections, until, stage if last else None, rng, texts
                )
            )
        if not last:
            body, body_html = texts.pick("proposals")
            plan_event(plan, Event.What.AMENDED, version + 1, amended, actor_id=proposer_id, detail_html=body_html)
            opened = amended
    proposal.body, proposal.body_html = body, body_html
    proposal.deadline = opened + ROUND
    plan_ending(plan, stage, others, rng, texts)
    return plan


def plan_response(plan, person_id, version, answered, objects, until, final_stage, rng, texts):
    """One answer; an objection is resolved by the proposer before `until`, except the one that
    sends a round back, and always when the round was accepted."""
    proposer_id = plan.proposal.proposer_id
    consent_or_abstain = rng.choices([Response.Choice.CONSENT, Response.Choice.ABSTAIN], [85, 15])[0]
    response = Response(
        person_id=person_id,
        version=version,
        choice=Response.Choice.OBJECT if objects else consent_or_abstain,
        answered_at=answered,
        render_version=RENDER_VERSION,
    )
    if not objects:
        return response
    response.body, response.body_html = texts.pick("objections")
    plan_event(plan, Event.What.OBJECTED, version, answered, actor_id=person_id, detail_html=response.body_html)
    stays_open = final_stage == Proposal.Stage.RETURNED and not any(
        r.version == version and r.is_open_objection for r in plan.responses
    )
    if final_stage == Proposal.Stage.ACCEPTED or (not stays_open and rng.random() < 0.7):
        response.resolved_at = answered + (until - answered) * rng.uniform(0.1, 0.9)
        response.resolved_by_id = proposer_id
        plan_event(plan, Event.What.RESOLVED, version, response.resolved_at, actor_id=proposer_id, subject_id=person_id)
    return response


def plan_event(plan, what, version, at, **fields):
    plan.events.append(Event(what=what, version=version, created_at=at, **fields))


def plan_ending(plan, stage, others, rng, texts):
    proposal, version = plan.proposal, plan.proposal.version
    if stage == Proposal.Stage.OPEN:
        return
    if stage in (Proposal.Stage.ACCEPTED, Proposal.Stage.RETURNED):
        proposal.closed_at = proposal.deadline
        what = Event.What.ACCEPTED if stage == Proposal.Stage.ACCEPTED else Event.What.RETURNED
        plan_event(plan, what, version, proposal.closed_at)
        return
    # Withdrawn by the proposer or rejected by an editor, some days into the last round.
    proposal.closed_at = proposal.deadline - ROUND + DAY * rng.uniform(1, 6)
    withdrawn = stage == Proposal.Stage.WITHDRAWN
    actor = proposal.proposer_id if withdrawn else rng.choice(others).pk
    what = Event.What.WITHDRAWN if withdrawn else Event.What.REJECTED
    plan_event(plan, what, version, proposal.closed_at, actor_id=actor, detail_html=texts.pick("notes")[1])


def between(rng, first, last):
    """A day from `first` to `last` (`first` when the range is empty)."""
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def morning(day, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def plan_agreement(plan, state, users, rng, texts, now):
    """The agreement of an accepted proposal in `state`: open, overdue, done on time or late, dropped."""
    proposal, today = plan.proposal, timezone.localdate(now)
    recorded_at = proposal.closed_at + datetime.timedelta(hours=rng.expovariate(1 / 30))
    earliest = timezone.localdate(recorded_at) + datetime.timedelta(days=7)
    owner = rng.choice(users)
    body, body_html = texts.pick("agreements")
    agreement = Agreement(
        body=body,
        body_html=body_html,
        render_version=RENDER_VERSION,
        owner_id=owner.pk,
        recorded_by_id=proposal.proposer_id,
        recorded_at=recorded_at,
        due_date=between(rng, earliest, earliest + datetime.timedelta(days=50)),
    )
    plan.agreement = agreement
    plan_event(
        plan, Event.What.AGREED, proposal.version, recorded_at, actor_id=proposal.proposer_id, subject_id=owner.pk,
        detail_html=body_html,
    )  # fmt: skip
    if state == OPEN:
        agreement.due_date = between(rng, max(earliest, today + DAY), today + 45 * DAY)
    elif state == OVERDUE:
        agreement.due_date = between(rng, earliest, today - DAY)
    elif state == ON_TIME:
        done = recorded_at + (morning(agreement.due_date) - recorded_at) * rng.uniform(0.3, 0.95)
        close(plan, Agreement.State.DONE, min(done, now), owner.pk, texts.pick("done_notes"))
    elif state == LATE:
        agreement.due_date = between(rng, earliest, min(agreement.due_date, today - 2 * DAY))
        done = morning(between(rng, agreement.due_date + DAY, today - DAY), hour=11)
        close(plan, Agreement.State.DONE, min(done, now), owner.pk, texts.pick("done_notes"))
    else:
        dropped = recorded_at + DAY * rng.uniform(3, 40)
        close(plan, Agreement.State.DROPPED, min(dropped, now), proposal.proposer_id, texts.pick("drop_reasons"))


def close(plan, state, at, by_id, note):
    agreement = plan.agreement
    agreement.state, agreement.closed_at, agreement.closed_by_id = state, at, by_id
    agreement.closing_note, note_html = note
    what = Event.What.DONE if state == Agreement.State.DONE else Event.What.DROPPED
    plan_event(
        plan, what, plan.proposal.version, at, actor_id=by_id, subject_id=agreement.owner_id, detail_html=note_html
    )
