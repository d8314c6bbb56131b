from django.db import models
from django.utils.translation import gettext_lazy as _


class Participation(models.Model):
    """No table: this only carries the permission that makes someone a manager here."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_participation", _("Mag het deelnameoverzicht zien"))]

    def __str__(self):
        return str(_("Deelname"))
