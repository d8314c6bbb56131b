from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def password_reset_on():
    """Whether the "Wachtwoord vergeten?" pages are switched on (BLOGNET_PASSWORD_RESET)."""
    return settings.BLOGNET_PASSWORD_RESET
