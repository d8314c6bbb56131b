"""Who hears about what: the notification rules in one place."""

import logging

from django.db.models import Q
from django.utils import timezone

from blogs.models import Post
from comments.models import Reaction
from people.models import User

from . import kinds
from .emails import send_notification_email
from .models import EmailPreference, Follow, Notification

logger = logging.getLogger(__name__)


def follow(user, post):
    Follow.objects.get_or_create(user=user, post=post)


def notify(*, actor, post, comment, reasons, tell_actor=False):
    """Create one notification per person for one event, and queue the e-mails they want.

    `reasons` maps a kind key to the users it applies to. A person named under several kinds
    gets one notification, of the first kind in notifications.kinds.KINDS; the actor none. A key
    that is not declared there is logged and skipped: it never breaks the write that caused it.
    """
    for key in reasons:
        if not kinds.is_declared(key):
            logger.error("Notification kind %r is not declared in notifications.kinds; nobody is told.", key)
    chosen = {}
    for kind in kinds.KINDS:
        for user in reasons.get(kind.key, ()):
            if (tell_actor or user.pk != actor.pk) and user.is_active:
                chosen.setdefault(user.pk, (user, kind.key))
    if not chosen:
        return []
    notifications = Notification.objects.bulk_create(
        Notification(recipient=user, actor=actor, kind=kind, post=post, comment=comment)
        for user, kind in chosen.values()
    )
    preferences = {p.user_id: p for p in EmailPreference.objects.filter(user_id__in=chosen)}
    for notification in notifications:
        preference = preferences.get(notification.recipient_id) or EmailPreference()
        if notification.recipient.email and preference.wants(notification.kind):
            # The queue is a table in the same database: the e-mail task commits (or not)
            # together with the comment, so nothing is lost when the mail server is down.
            send_notification_email.enqueue(notification.pk)
    return notifications


def on_comment(comment, mentioned):
    post = comment.post
    follow(comment.author, post)
    followers = User.objects.filter(follows__post=post)
    reasons = {
        kinds.REPLY.key: [comment.parent.author] if comment.parent_id else [],
        kinds.MENTION.key: mentioned,
        kinds.COMMENT.key: [post.author],
        kinds.FOLLOWED.key: followers,
    }
    return notify(actor=comment.author, post=post, comment=comment, reasons=reasons)


def notify_post_mentions(post):
    """Tell the colleagues a published post mentions, each once, however often it is edited."""
    told = Notification.objects.filter(post=post, comment=None, kind=kinds.MENTION.key)
    mentioned = User.objects.filter(mentions__post=post, mentions__comment=None).exclude(
        pk__in=told.values("recipient")
    )
    return notify(actor=post.author, post=post, comment=None, reasons={kinds.MENTION.key: list(mentioned)})


def announce_new_post(post):
    """Tell the followers of a published post's writer and of its blog, each once however often it
    is saved; whoever it mentions heard already (a mention comes first)."""
    told = Notification.objects.filter(post=post, comment=None, kind__in=[kinds.MENTION.key, kinds.NEW_POST.key])
    followers = (
        User.objects.filter(Q(colleague_follows__person=post.author_id) | Q(blog_follows__blog=post.blog_id))
        .exclude(pk__in=told.values("recipient"))
        .distinct()
    )
    return notify(actor=post.author, post=post, comment=None, reasons={kinds.NEW_POST.key: list(followers)})


def on_reactions_changed(*, post, comment, actor, added):
    """The writer of the post or comment hears of its reactions in one unread notification, which
    says who reacted last and how many colleagues did: "Wilma en 3 anderen reageerden ...".

    A new reaction updates it (and brings it to the top) or makes a new one when the last was read;
    a reaction taken back updates it too, and removes it when nobody is left. The post's row is
    locked meanwhile, so two colleagues reacting at once still make one notification.
    """
    recipient = comment.author if comment else post.author
    if recipient is None or actor.pk == recipient.pk:  # an imported guest's comment has nobody to tell
        return None
    list(Post.objects.select_for_update().filter(pk=post.pk).values_list("pk", flat=True))
    reactions = Reaction.objects.filter(post=post, comment=comment).exclude(user=recipient)
    people = reactions.count()
    kind = kinds.REACTION.key
    bundle = Notification.objects.filter(recipient=recipient, kind=kind, post=post, comment=comment).unread().first()
    if bundle is None:
        if not (added and people):
            return None
        made = notify(actor=actor, post=post, comment=comment, reasons={kind: [recipient]})
        Notification.objects.filter(pk__in=[n.pk for n in made]).update(actor_count=people)
        return made[0] if made else None
    if not people:
        bundle.delete()
        return None
    newest = reactions.order_by("-created_at", "-id").values_list("user", flat=True).first()
    changes = {"actor": newest, "actor_count": people}
    if added:
        changes["created_at"] = timezone.now()
    Notification.objects.filter(pk=bundle.pk).update(**changes)
    return bundle


# Decisions: who hears about proposals and agreements.


def _followers(post):
    return User.objects.filter(follows__post=post)


def on_proposal_opened(proposal):
    """The colleagues and departments named, and whoever follows the post or its blog."""
    told = set(proposal.concerned()) | set(_followers(proposal.post))
    told |= set(User.objects.filter(blog_follows__blog=proposal.post.blog_id))
    return notify(actor=proposal.proposer, post=proposal.post, comment=None, reasons={kinds.PROPOSAL_OPENED.key: told})


def on_objection(response):
    proposal = response.proposal
    return notify(
        actor=response.person, post=proposal.post, comment=None, reasons={kinds.OBJECTION.key: [proposal.proposer]}
    )


def on_amended(proposal, asked):
    return notify(
        actor=proposal.proposer, post=proposal.post, comment=None, reasons={kinds.PROPOSAL_AMENDED.key: asked}
    )


def on_round_closed(proposal, by):
    """The outcome: to everyone who answered; a proposal with open objections to its proposer."""
    stage = proposal.Stage
    answered = list(proposal.answered_by())
    if proposal.stage == stage.RETURNED:
        reasons = {kinds.PROPOSAL_RETURNED.key: [proposal.proposer]}
    elif proposal.stage == stage.ACCEPTED:
        reasons = {kinds.PROPOSAL_ACCEPTED.key: [*answered, proposal.proposer]}
    else:
        reasons = {kinds.PROPOSAL_ENDED.key: answered}
    # Nobody closed an accepted or returned round: the deadline did, so the proposer hears too.
    return notify(
        actor=by or proposal.proposer, post=proposal.post, comment=None, reasons=reasons, tell_actor=by is None
    )


def on_round_ending(proposal):
    """The people it concerns who have not answered this version: named, followers, earlier answerers."""
    concerned = set(proposal.concerned()) | set(_followers(proposal.post))
    concerned |= set(User.objects.filter(responses__proposal=proposal))
    answered = set(proposal.answered_by())
    waiting = [person for person in concerned if person not in answered]
    return notify(actor=proposal.proposer, post=proposal.post, comment=None, reasons={kinds.ROUND_ENDING.key: waiting})


def on_agreement_recorded(agreement):
    return notify(
        actor=agreement.recorded_by,
        post=agreement.proposal.post,
        comment=None,
        reasons={kinds.AGREEMENT_ASSIGNED.key: [agreement.owner]},
    )


AGREEMENT_MOMENTS = {"soon": kinds.AGREEMENT_DUE, "overdue": kinds.AGREEMENT_OVERDUE, "review": kinds.AGREEMENT_REVIEW}


def on_agreement_due(agreement, moment):
    """Due soon and overdue to the owner; the review date to the owner and the proposer."""
    proposal = agreement.proposal
    people = [agreement.owner] + ([proposal.proposer] if moment == "review" else [])
    return notify(
        actor=proposal.proposer,
        post=proposal.post,
        comment=None,
        reasons={AGREEMENT_MOMENTS[moment].key: people},
        tell_actor=True,
    )
