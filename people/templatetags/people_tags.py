from django import template

register = template.Library()


@register.inclusion_tag("includes/avatar.html")
def avatar(user, size=40):
    """A colleague's avatar thumbnail, or their initials when they have no photo."""
    return {"person": user, "size": size}
