from django.utils.functional import SimpleLazyObject

from .models import Notification

MAX_SHOWN = 99


def unread_notifications(request):
    """The bell's number: one COUNT query, and only on pages that show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": SimpleLazyObject(lambda: unread_count(user))}


def unread_count(user):
    """The number on the bell, "99+" past 99: counting stops there, however much is unread.

    A comment removed since calls nobody to come and look: its notification stays in the list (which
    says it was removed) but the bell does not count it. A notification without a comment counts."""
    unread = Notification.objects.for_recipient(user).unread().filter(comment__removed_at__isnull=True)
    counted = unread.order_by()[: MAX_SHOWN + 1].count()
    return f"{MAX_SHOWN}+" if counted > MAX_SHOWN else counted
