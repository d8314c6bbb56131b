from django.contrib import admin
from django.urls import include, path, re_path

from blogs.media import media_file

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Before Django's auth urls: Blognet's password reset (mail by the task worker, a switch) and welcome pages.
    path("accounts/", include("people.auth_urls")),
    # The login page (password form, single sign-on button) and single sign-on's addresses.
    path("accounts/", include("people.login_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("people/", include("people.urls")),
    path("comments/", include("comments.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("decisions.urls")),
    path("insights/", include("insights.urls")),
    path("manage/", include("siteadmin.urls")),
    path("search/", include("search.urls")),
    path("", include("imports.urls")),
    path("", include("blogs.urls")),
    # Always through the check of who may see the file, whoever sends the bytes (blogs/media.py).
    re_path(r"^media/(?P<path>.*)$", media_file, name="media"),
]
