"""Blognet's own password pages, before Django's auth urls so that these take the names.

BLOGNET_PASSWORD_RESET (default on) switches the "Wachtwoord vergeten?" pages off for an organisation
whose login comes from single sign-on: then they answer 404 and the login page has no link to them.
The welcome page, where someone invited by a site admin sets their first password, stays: the site
admin chose to invite them with a password.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.urls import path, reverse_lazy

from .password_reset import NewPasswordForm, QueuedPasswordResetForm


def when_reset_is_on(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.BLOGNET_PASSWORD_RESET:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


urlpatterns = [
    # The mail is sent by the task worker (people/password_reset.py), not in the request.
    path(
        "password_reset/",
        when_reset_is_on(auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm)),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        when_reset_is_on(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        when_reset_is_on(auth_views.PasswordResetConfirmView.as_view(form_class=NewPasswordForm)),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        when_reset_is_on(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    # The link in an invitation (siteadmin/invitations.py): the same one-time token as a reset.
    path(
        "welcome/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=NewPasswordForm,
            template_name="registration/welcome_confirm.html",
            success_url=reverse_lazy("welcome_complete"),
        ),
        name="welcome_confirm",
    ),
    path(
        "welcome/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/welcome_complete.html"),
        name="welcome_complete",
    ),
]
