from django import template

from ..models import Post

register = template.Library()


@register.inclusion_tag("blogs/includes/post_list.html", takes_context=True)
def recent_posts_by(context, person, limit=10):
    """The latest posts by `person` that the viewer may read (the seam for profile pages)."""
    posts = Post.objects.readable_by(context["request"].user).filter(author=person).for_listing()[:limit]
    return {"posts": list(posts), "request": context["request"]}


@register.inclusion_tag("blogs/includes/post_card.html", takes_context=True)
def post_card(context, post):
    return {"post": post, "request": context["request"]}
