"""The login page and the two single sign-on addresses, before Django's auth urls so that "login" is
Blognet's (people/login.py). mozilla-django-oidc reverses the single sign-on names as they are here."""

from django.urls import path

from . import login, sso_views

urlpatterns = [
    path("login/", login.login, name="login"),
    path("oidc/authenticate/", sso_views.sso_login, name="oidc_authentication_init"),
    # The redirect URI to register at the identity provider: https://<Blognet>/accounts/oidc/callback/
    path("oidc/callback/", sso_views.sso_callback, name="oidc_authentication_callback"),
]
