"""Who hears about what: the notification rules in one place."""

from people.models import User

from .emails import send_notification_email
from .models import EmailPreference, Follow, Notification


def follow(user, post):
    Follow.objects.get_or_create(user=user, post=post)


def notify(*, actor, post, comment, reasons):
    """Create one notification per person for one event, and queue the e-mails they want.

    `reasons` maps a notification kind to the users it applies to. A person named under several
    kinds gets one notification, of the first kind in Notification.Kind's order; the actor none.
    """
    chosen = {}
    for kind in Notification.Kind.values:
        for user in reasons.get(kind, ()):
            if user.pk != actor.pk and user.is_active:
                chosen.setdefault(user.pk, (user, kind))
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
        Notification.Kind.REPLY: [comment.parent.author] if comment.parent_id else [],
        Notification.Kind.MENTION: mentioned,
        Notification.Kind.COMMENT: [post.author],
        Notification.Kind.FOLLOWED: followers,
    }
    return notify(actor=comment.author, post=post, comment=comment, reasons=reasons)


def notify_post_mentions(post):
    """Tell the colleagues a published post mentions, each once, however often it is edited."""
    told = Notification.objects.filter(post=post, comment=None, kind=Notification.Kind.MENTION)
    mentioned = User.objects.filter(mentions__post=post, mentions__comment=None).exclude(
        pk__in=told.values("recipient")
    )
    return notify(actor=post.author, post=post, comment=None, reasons={Notification.Kind.MENTION: list(mentioned)})
