"""Notifications react to the domain signals of the lower apps."""

from django.dispatch import receiver

from blogs.signals import post_edited, post_published
from comments.signals import comment_posted, post_mentions_recorded, reactions_changed
from decisions import signals as decisions

from . import services
from .tasks import announce_post


@receiver(comment_posted, dispatch_uid="notifications_comment_posted")
def comment_was_posted(sender, comment, mentioned, **kwargs):
    services.on_comment(comment, mentioned)


@receiver(post_published, dispatch_uid="notifications_post_published")
@receiver(post_edited, dispatch_uid="notifications_post_edited")
def post_was_saved(sender, post, **kwargs):
    services.follow(post.author, post)


@receiver(post_published, dispatch_uid="notifications_new_post")
def post_was_published(sender, post, **kwargs):
    """Followers of the writer and the blog hear of a new post; a scheduled one is announced at its
    moment by announce_post, which the mentions receiver below queues for every save of it."""
    if not post.is_scheduled():
        services.announce_new_post(post)


@receiver(reactions_changed, dispatch_uid="notifications_reactions")
def reactions_were_changed(sender, post, comment, actor, added, **kwargs):
    services.on_reactions_changed(post=post, comment=comment, actor=actor, added=added)


@receiver(post_mentions_recorded, dispatch_uid="notifications_post_mentions")
def post_mentions_were_recorded(sender, post, **kwargs):
    if post.is_scheduled():
        # Nobody can open it yet: tell the people it mentions when it appears.
        announce_post.using(run_after=post.published_at).enqueue(post.pk)
    else:
        services.notify_post_mentions(post)


@receiver(decisions.proposal_opened, dispatch_uid="notifications_proposal_opened")
def proposal_was_opened(sender, proposal, **kwargs):
    services.on_proposal_opened(proposal)


@receiver(decisions.objection_raised, dispatch_uid="notifications_objection")
def objection_was_raised(sender, response, **kwargs):
    services.on_objection(response)


@receiver(decisions.proposal_amended, dispatch_uid="notifications_proposal_amended")
def proposal_was_amended(sender, proposal, asked, **kwargs):
    services.on_amended(proposal, asked)


@receiver(decisions.round_closed, dispatch_uid="notifications_round_closed")
def round_was_closed(sender, proposal, by=None, **kwargs):
    services.on_round_closed(proposal, by)


@receiver(decisions.round_ending, dispatch_uid="notifications_round_ending")
def round_is_ending(sender, proposal, **kwargs):
    services.on_round_ending(proposal)


@receiver(decisions.agreement_recorded, dispatch_uid="notifications_agreement_recorded")
def agreement_was_recorded(sender, agreement, **kwargs):
    services.on_agreement_recorded(agreement)


@receiver(decisions.agreement_due, dispatch_uid="notifications_agreement_due")
def agreement_is_due(sender, agreement, moment, **kwargs):
    services.on_agreement_due(agreement, moment)
