"""The login page and the two single sign-on addresses, before Django's auth urls so that "login" is
Blognet's (people/login.py). mozilla-django-oidc reverses the single sign-on names as they are here."""

from django.urls import path

from . import login


# people/sso_views.py brings mozilla-django-oidc, requests and PyJWT with it, some 15 MB a worker:
# loaded at the first single sign-on request, not in every worker of a site that has none.
def sso_login(request):
    from . import sso_views

    return sso_views.sso_login(request)


def sso_callback(request):
    from . import sso_views

    return sso_views.sso_callback(request)


urlpatterns = [
    path("login/", login.login, name="login"),
    path("oidc/authenticate/", sso_login, name="oidc_authentication_init"),
    # The redirect URI to register at the identity provider: https://<Blognet>/accounts/oidc/callback/
    path("oidc/callback/", sso_callback, name="oidc_authentication_callback"),
]
