from django import template

from ..models import Follow

register = template.Library()


@register.inclusion_tag("notifications/includes/follow_button.html", takes_context=True)
def follow_button(context, post):
    user = context["request"].user
    following = user.is_authenticated and Follow.objects.filter(user=user, post=post).exists()
    return {"post": post, "following": following, "user": user, "csrf_token": context.get("csrf_token")}
