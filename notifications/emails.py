"""Notification e-mail, sent by the task queue's worker (`manage.py db_worker`).

The queue lives in the database (django-tasks with django-tasks-db), so a comment is saved and
shown at once even when the mail server is down. A failed delivery is queued again with a growing
delay; `emailed_at` is set in the same transaction as the successful send, so nothing goes twice.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def retry_delay(attempt):
    """1, 2, 4, ... minutes, at most two hours."""
    return timezone.timedelta(minutes=min(2 ** (attempt - 1), 120))


def build_message(notification):
    context = {"notification": notification, "url": settings.BLOGNET_SITE_URL + notification.target_url()}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("notifications/email_subject.txt", context).strip()
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
    message = EmailMultiAlternatives(subject, text, to=[notification.recipient.email])
    message.attach_alternative(html, "text/html")
    return message


@task()
def send_notification_email(notification_id, attempt=1):
    from .models import Notification

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "actor", "post__blog", "comment")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return "already sent or gone"
        try:
            build_message(notification).send()
        except (smtplib.SMTPException, OSError) as error:
            if attempt >= MAX_ATTEMPTS:
                logger.error("Giving up on e-mail for notification %s: %s", notification_id, error)
                return "given up"
            logger.warning("E-mail for notification %s failed (%s); trying again later", notification_id, error)
            send_notification_email.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                notification_id, attempt + 1
            )
            return "queued again"
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return "sent"
