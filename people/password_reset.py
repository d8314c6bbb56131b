"""Password reset mail through the task queue, like every other mail.

Django's PasswordResetForm sends the mail inside the request, so a mail server that hangs holds the
request until gunicorn kills it. This form only queues the person's id (the task table keeps no
token and no address); the worker makes the one-time link when it sends, so a link sent by a retry
is as fresh as one sent at once. Django's reset views and templates do the rest.

A reset mail has no mark of its own: a worker killed in the instant after the server accepted it
and before the task was recorded as done sends it again. Both links work, until the password is set.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from blognet.mail import send_from_task

from .models import User


class QueuedPasswordResetForm(PasswordResetForm):
    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        templates = [subject_template_name, email_template_name, html_email_template_name]
        send_password_reset_email.enqueue(context["user"].pk, translation.get_language(), templates, from_email)


def reset_message(user, language, templates, from_email, extra_context=None):
    site = urlsplit(settings.BLOGNET_SITE_URL)
    context = {
        "email": user.email,
        "domain": site.netloc + site.path,
        "site_name": "Blognet",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": site.scheme,
        **(extra_context or {}),
    }
    subject_template, text_template, html_template = templates
    with translation.override(language):
        subject = "".join(render_to_string(subject_template, context).splitlines())
        message = EmailMultiAlternatives(subject, render_to_string(text_template, context), from_email, [user.email])
        if html_template:
            message.attach_alternative(render_to_string(html_template, context), "text/html")
    return message


@task()
def send_password_reset_email(user_id, language, templates, from_email=None, attempt=1):
    # As PasswordResetForm.get_users: someone switched off or without a password since gets nothing.
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None or not user.has_usable_password():
        return "nobody to send to"
    message = reset_message(user, language, templates, from_email)
    return send_from_task(send_password_reset_email, (user_id, language, templates, from_email), attempt, message)


class NewPasswordForm(SetPasswordForm):
    """Django's form for a new password (reset or welcome), with its help in Blognet's words ("je")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _(
            "Minstens 8 tekens en niet alleen cijfers. Geen bekend wachtwoord (zoals welkom123), "
            "en het mag niet te veel op je naam of e-mailadres lijken."
        )
        self.fields["new_password2"].label = _("Nog een keer hetzelfde wachtwoord")
        self.fields["new_password2"].help_text = ""
