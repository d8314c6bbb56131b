"""The invitation mail: a link to the welcome page, where the new colleague sets their own password.

It goes through the task queue like the password reset (people/password_reset.py, whose message it
reuses): the task holds only the person's id, and the worker makes the one-time link when it sends.
The link is Django's password reset token, so it works once: setting the password changes what the
token was made from.
"""

from django.conf import settings
from django_tasks import task

from blognet.mail import send_from_task
from people.models import User
from people.password_reset import reset_message

TEMPLATES = ["siteadmin/invitation_subject.txt", "siteadmin/invitation_email.txt", None]


@task()
def send_invitation_email(user_id, attempt=1):
    # Someone deactivated since, or who has set a password already, needs no invitation any more.
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None or user.has_usable_password():
        return "nobody to send to"
    days = settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)
    # The new colleague has not chosen a language yet: the site's own.
    message = reset_message(user, settings.LANGUAGE_CODE, TEMPLATES, None, {"days": days})
    return send_from_task(send_invitation_email, (user_id,), attempt, message)
