from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def avatar(user, size=40):
    """A colleague's avatar thumbnail, or their initials when they have no photo.

    Photos go to logged-in colleagues only (blogs.media). A photo comes with the initials beside it,
    hidden, which a page for a reader who is not logged in (anonymous reading) shows instead of the
    photo (body.reader-anonymous, blognet.css): so a fragment cached for everybody serves both, and
    the lazy photo is not fetched where it is not shown.

    Written in Python, not an inclusion template: a long thread or the directory shows hundreds.
    """
    initials = '<span class="avatar avatar-initials avatar-{}{}" aria-hidden="true">{}</span>'
    if size > 64 and user.avatar:
        source = user.avatar.url
    elif user.avatar_thumbnail:
        source = user.avatar_thumbnail.url
    else:
        return format_html(initials, size, "", user.initials)
    return format_html(
        '<img class="avatar" src="{}" alt="" width="{}" height="{}" loading="lazy">' + initials,
        source,
        size,
        size,
        size,
        " avatar-for-anonymous",
        user.initials,
    )
