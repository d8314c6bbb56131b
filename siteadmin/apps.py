from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteAdminConfig(AppConfig):
    name = "siteadmin"
    verbose_name = _("Beheer")
