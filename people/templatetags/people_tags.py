from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def avatar(user, size=40):
    """A colleague's avatar thumbnail, or their initials when they have no photo.

    Written in Python, not an inclusion template: a long thread or the directory shows hundreds.
    """
    if size > 64 and user.avatar:
        source = user.avatar.url
    elif user.avatar_thumbnail:
        source = user.avatar_thumbnail.url
    else:
        return format_html(
            '<span class="avatar avatar-initials avatar-{}" aria-hidden="true">{}</span>', size, user.initials
        )
    return format_html('<img class="avatar" src="{}" alt="" width="{}" height="{}">', source, size, size)
