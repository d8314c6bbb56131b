from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Meldingen")

    def ready(self):
        from blogs.forms import PostFilterForm
        from blogs.marks import provide

        from . import receivers  # noqa: F401  (connects to post_published and comment_posted)
        from .follows import followed_marks, followed_q

        provide(followed_marks, per_reader=True)
        PostFilterForm.followed_by = staticmethod(followed_q)
