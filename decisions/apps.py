from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Besluiten")

    def ready(self):
        from blogs.marks import provide

        from .marks import decision_marks

        provide(decision_marks)
