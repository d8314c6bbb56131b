"""The login page: the single sign-on button when it is configured, and the password form.

BLOGNET_LOCAL_LOGIN=false (with single sign-on configured) hides the password form: colleagues log in
with their organisation account only. /accounts/login/?lokaal=1 still shows it, and then only a site
admin gets in with it: the way in when the identity provider is down or misconfigured.
"""

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import sso_provider

BREAK_GLASS_PARAMETER = "lokaal"


class LocalLoginForm(AuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not sso_provider.local_login_for_everyone() and not user.is_site_admin:
            raise ValidationError(_("Log in met je organisatieaccount."), code="sso_only")


class BlognetLoginView(LoginView):
    authentication_form = LocalLoginForm

    def get_context_data(self, **kwargs):
        shown = sso_provider.local_login_for_everyone() or self.request.GET.get(BREAK_GLASS_PARAMETER) == "1"
        return super().get_context_data(sso_on=sso_provider.is_configured(), local_login_shown=shown, **kwargs)


login = BlognetLoginView.as_view()
