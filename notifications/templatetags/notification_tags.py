from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from blognet.markup import with_absolute_links

from ..models import Follow

register = template.Library()


@register.inclusion_tag("notifications/includes/follow_button.html", takes_context=True)
def follow_button(context, post):
    user = context["request"].user
    following = user.is_authenticated and Follow.objects.filter(user=user, post=post).exists()
    return {"post": post, "following": following, "user": user, "csrf_token": context.get("csrf_token")}


@register.filter
def absolute_links(sanitized_html):
    """For e-mail: stored HTML from blognet.markup, with links that work outside the site."""
    return mark_safe(with_absolute_links(sanitized_html, settings.BLOGNET_SITE_URL))
