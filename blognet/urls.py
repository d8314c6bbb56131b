from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import PasswordResetView
from django.urls import include, path, re_path
from django.views.static import serve

from people.password_reset import QueuedPasswordResetForm

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Before Django's auth urls: the same page, with the mail sent by the task worker.
    path(
        "accounts/password_reset/",
        PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("people/", include("people.urls")),
    path("comments/", include("comments.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("decisions.urls")),
    path("insights/", include("insights.urls")),
    path("search/", include("search.urls")),
    path("", include("imports.urls")),
    path("", include("blogs.urls")),
]
if settings.SERVE_MEDIA:
    # Uploaded images are re-encoded by blognet.images, so serving them as files is safe; a
    # larger installation serves MEDIA_ROOT from the web server or object storage instead.
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
