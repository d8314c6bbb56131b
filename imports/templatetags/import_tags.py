from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from ..rules import may_export, may_import_into

register = template.Library()


@register.simple_tag(takes_context=True)
def blog_move_buttons(context, blog):
    """On a blog's page, for whoever may: bring an old blog in, and take this one out."""
    user = context["request"].user
    buttons = []
    if may_import_into(user, blog):
        buttons.append((reverse("imports:import_start"), _("Oude blog overzetten")))
    if may_export(user, blog):
        buttons.append((reverse("imports:export_download", args=[blog.slug]), _("Blog downloaden")))
    return format_html_join("", '<a class="btn btn-outline-secondary" href="{}">{}</a>', buttons)
