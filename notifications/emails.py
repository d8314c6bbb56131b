"""Notification e-mail, sent by the task queue's worker (`manage.py db_worker`).

The queue lives in the database (django-tasks with django-tasks-db), so a comment is saved and
shown at once even when the mail server is down. A failed delivery is queued again with a growing
delay (blognet.mail.send_from_task).

Nothing is sent inside a transaction: the worker reads the notification, talks to the mail server
(each step waits at most EMAIL_TIMEOUT) and marks `emailed_at` in a short transaction of its own at
blognet.mail's commit point, after the whole message and before the final ".". The mark only
succeeds while `emailed_at` is empty, so of two workers running the same task (the second after
BLOGNET_TASK_STALE_AFTER, see blognet/management/commands/db_worker.py) one sends and the other
hangs up before the ".". A worker killed at any moment therefore leaves:

- before the mark (connecting, waiting on a silent server, halfway through the message): an
  unfinished SMTP transaction the server drops, and a task that stays RUNNING until db_worker puts
  it back in the queue; the next run sends the mail once;
- after the mark: a mail recorded as sent, which the next run of the task skips. If the worker died
  in the instant between the mark and the ".", that mail is lost; it is never sent twice.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from blognet.mail import send_from_task

from .kinds import kind_named


def build_message(notification):
    """The e-mail for one notification, in the templates its kind declares (notifications.kinds)."""
    kind = kind_named(notification.kind)
    context = {"notification": notification, "url": settings.BLOGNET_SITE_URL + notification.target_url()}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("notifications/email_subject.txt", context).strip()
        text = render_to_string(kind.email_text_template, context)
        html = render_to_string(kind.email_html_template, context)
    message = EmailMultiAlternatives(subject, text, to=[notification.recipient.email])
    message.attach_alternative(html, "text/html")
    return message


@task()
def send_notification_email(notification_id, attempt=1):
    from .models import Notification

    unsent = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True)
    notification = unsent.select_related("recipient", "actor", "post__blog", "comment").first()
    if notification is None:
        return "already sent or gone"
    if notification.comment_id and notification.comment.removed_at:
        return "comment removed"  # its text is not sent out after it was taken away

    def mark():
        # A transaction of its own, so that only a live worker commits it: an UPDATE left waiting
        # for a lock by a killed worker is rolled back instead of committed after its death.
        with transaction.atomic():
            return unsent.update(emailed_at=timezone.now()) == 1

    def unmark():
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)

    return send_from_task(
        send_notification_email, (notification_id,), attempt, build_message(notification), mark=mark, unmark=unmark
    )
