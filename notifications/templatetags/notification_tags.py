from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from blognet.markup import with_absolute_links

from ..models import BlogFollow, ColleagueFollow, Follow

register = template.Library()


@register.inclusion_tag("notifications/includes/follow_button.html", takes_context=True)
def follow_button(context, post):
    user = context["request"].user
    following = user.is_authenticated and Follow.objects.filter(user=user, post=post).exists()
    return {"post": post, "following": following, "user": user, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("notifications/includes/follow_form.html", takes_context=True)
def follow_colleague_button(context, person):
    """Follow a colleague's new posts (on their profile); nothing for themselves or anonymous readers."""
    user = context["request"].user
    if not user.is_authenticated or user.pk == person.pk:
        return {"hidden": True}
    following = ColleagueFollow.objects.filter(user=user, person=person).exists()
    return {
        "action": reverse("notifications:follow_colleague", args=[person.username]),
        "following": following,
        "follow_label": _("Volg %(name)s") % {"name": person.name},
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("notifications/includes/follow_form.html", takes_context=True)
def follow_blog_button(context, blog):
    user = context["request"].user
    if not user.is_authenticated:
        return {"hidden": True}
    return {
        "action": reverse("notifications:follow_blog", args=[blog.slug]),
        "following": BlogFollow.objects.filter(user=user, blog=blog).exists(),
        "follow_label": _("Volg dit blog"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("notifications/includes/following.html", takes_context=True)
def following(context, limit=50):
    """What the reader follows (for their own profile), each with a button to stop: three queries.
    Their own posts, which they follow from the moment they write them, are left out, and so are
    posts taken back to draft (checked here, as recent_comments_by does: with the post's condition
    in the query, the database would walk the published posts by date)."""
    request = context["request"]
    user = request.user
    colleagues = ColleagueFollow.objects.filter(user=user).select_related("person").order_by("-created_at")
    blogs = BlogFollow.objects.filter(user=user).select_related("blog").order_by("-created_at")
    posts = Follow.objects.filter(user=user).exclude(post__author=user).select_related("post__blog")
    return {
        "colleagues": colleagues[:limit],
        "blogs": blogs[:limit],
        "posts": [follow for follow in posts.order_by("-created_at")[: limit * 2] if follow.post.is_published()][
            :limit
        ],
        "here": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def absolute_links(sanitized_html):
    """For e-mail: stored HTML from blognet.markup, with links that work outside the site."""
    return mark_safe(with_absolute_links(sanitized_html, settings.BLOGNET_SITE_URL))
