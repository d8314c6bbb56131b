from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Participation figures for managers: counts only, never a ranking of people."""

    name = "insights"
    verbose_name = _("Deelname")
