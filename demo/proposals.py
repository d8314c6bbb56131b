"""The demo's proposals and agreements, written through decisions.services like any colleague's.

Four posts on the Personeelsblog become proposals: the story of Blognet itself (an objection, a
second version, everybody's consent, an agreement Wilma carried out), a round still open for the
demo login to answer, an agreement due in three days and one overdue.

The services write most steps at the moment they run, and refuse a due date in the past; the
demo's steps happened days ago. Where a service has no `at=`/`now=` for a step, `moved()` puts
the moment of that step back afterwards, touching only its time fields, never what was decided.
"""

import datetime

from django.utils import timezone

from blogs.models import Post
from comments.models import Comment
from comments.services import add_comment
from decisions import followup, services
from decisions.models import Agreement, Event, Proposal, Response, earliest_deadline

from . import content

CONSENT, OBJECT = Response.Choice.CONSENT, Response.Choice.OBJECT


class Clock:
    def __init__(self, now):
        self.now = now

    def ago(self, days, hours=0):
        return self.now - datetime.timedelta(days=days, hours=hours)

    def in_days(self, days):
        return timezone.localdate(self.now) + datetime.timedelta(days=days)


def moved(proposal, what, at):
    """The step `what` of `proposal` happened at `at` (the service wrote it with the clock's time)."""
    Event.objects.filter(proposal=proposal, what=what).update(created_at=at)


def recorded(agreement, at, due_date=None):
    """The agreement was recorded at `at` (and was due on `due_date`, which the service refuses
    when it lies in the past); its reminders are planned again from those dates."""
    changes = {"recorded_at": at} | ({"due_date": due_date} if due_date else {})
    Agreement.objects.filter(pk=agreement.pk).update(**changes)
    moved(agreement.proposal, Event.What.AGREED, at)
    agreement.refresh_from_db()
    followup.schedule_agreement(agreement)
    return agreement


def accepted(proposal, people, answered_from):
    """Everybody in `people` consents, a few hours apart, and the round closes at its deadline."""
    for n, person in enumerate(people):
        services.answer(proposal, person=person, choice=CONSENT, now=answered_from + datetime.timedelta(hours=3 * n))
    return services.close_round(proposal.pk, proposal.version, now=proposal.deadline + datetime.timedelta(minutes=1))


def seed_proposals(people, now):
    """Write the demo's proposals once: a post that already is a proposal is left as it is."""
    clock = Clock(now)
    for title, author, reply_to, days_ago, body in content.STORY_COMMENTS:
        post = Post.objects.get(title=title)
        if not Comment.objects.filter(post=post, author=people[author], body=body).exists():
            parent = (
                post.comments.filter(body=content.STORY_COMMENTS[reply_to][4]).first() if reply_to is not None else None
            )
            add_comment(post=post, author=people[author], body=body, parent=parent, created_at=clock.ago(days_ago))
    stories = [
        (content.ONE_BLOG, one_shared_blog),
        (content.HISTORY_WALK, history_walk),
        (content.SATURDAYS, saturdays),
        (content.READING_PLAN, reading_plan),
    ]
    made = 0
    for title, story in stories:
        post = Post.objects.get(title=title)
        if not Proposal.objects.filter(post=post).exists():
            story(post, people, clock)
            made += 1
    return made


def one_shared_blog(post, people, clock):
    bas, josien, wilma = people["bas"], people["josien"], people["wilma"]
    others = [person for name, person in people.items() if name not in ("bas", "josien")]
    proposal = services.open_proposal(
        post, by=bas, body=content.ONE_BLOG_V1, deadline=clock.ago(15), at=clock.ago(22, hours=-1)
    )
    for n, person in enumerate(others[:4]):
        services.answer(proposal, person=person, choice=CONSENT, now=clock.ago(21, hours=6 - n))
    objection = services.answer(
        proposal, person=josien, choice=OBJECT, reason=content.ONE_BLOG_OBJECTION, now=clock.ago(21, hours=1)
    )

    objection = services.resolve_objection(objection, by=bas, answer_text=content.ONE_BLOG_ANSWER)
    resolved_at = clock.ago(20, hours=5)
    Comment.objects.filter(pk=objection.answer_id).update(created_at=resolved_at)
    Response.objects.filter(pk=objection.pk).update(resolved_at=resolved_at)
    moved(proposal, Event.What.RESOLVED, resolved_at)

    # amend() checks the new deadline against the real clock; this round ended 13 days ago.
    proposal = services.amend(
        proposal, by=bas, body=content.ONE_BLOG_V2, deadline=earliest_deadline() + datetime.timedelta(hours=1)
    )
    Proposal.objects.filter(pk=proposal.pk).update(deadline=clock.ago(13))
    moved(proposal, Event.What.AMENDED, clock.ago(20, hours=4))
    proposal.refresh_from_db()
    accepted(proposal, [josien, *others], clock.ago(20))

    agreement = services.record_agreement(
        proposal, by=bas, body=content.ONE_BLOG_AGREEMENT, owner=wilma, due_date=clock.in_days(7)
    )
    recorded(agreement, clock.ago(12, hours=20))
    services.mark_done(agreement, by=wilma, note=content.ONE_BLOG_DONE)
    done_at = clock.ago(2, hours=3)
    Agreement.objects.filter(pk=agreement.pk).update(closed_at=done_at)
    moved(proposal, Event.What.DONE, done_at)


def history_walk(post, people, clock):
    """Still open: the demo login finds it under "Wacht op jou" and on /proposals/."""
    opened = clock.ago(2)
    proposal = services.open_proposal(
        post,
        by=people["lotte"],
        body=content.HISTORY_WALK_PROPOSAL,
        deadline=opened + datetime.timedelta(days=7),
        departments=["Collectie"],
        at=opened,
    )
    for n, name in enumerate(["pieter", "wilma", "esther"]):
        services.answer(proposal, person=people[name], choice=CONSENT, now=clock.ago(1, hours=8 - 3 * n))


def saturdays(post, people, clock):
    """An agreement the demo login owns, due in three days."""
    proposal = services.open_proposal(
        post, by=people["marieke"], body=content.SATURDAYS_PROPOSAL, deadline=clock.ago(5), at=clock.ago(12)
    )
    accepted(proposal, [people[name] for name in ("daan", "demo", "esther", "joost")], clock.ago(11))
    agreement = services.record_agreement(
        proposal,
        by=people["marieke"],
        body=content.SATURDAYS_AGREEMENT,
        owner=people["demo"],
        due_date=clock.in_days(3),
    )
    recorded(agreement, clock.ago(4, hours=20))


def reading_plan(post, people, clock):
    """An agreement three days overdue."""
    proposal = services.open_proposal(
        post, by=people["sanne"], body=content.READING_PLAN_PROPOSAL, deadline=clock.ago(11), at=clock.ago(18)
    )
    accepted(proposal, [people[name] for name in ("ahmed", "josien", "esther", "marieke")], clock.ago(17))
    agreement = services.record_agreement(
        proposal,
        by=people["sanne"],
        body=content.READING_PLAN_AGREEMENT,
        owner=people["ahmed"],
        due_date=clock.in_days(0),
    )
    recorded(agreement, clock.ago(10, hours=20), due_date=clock.in_days(-3))
