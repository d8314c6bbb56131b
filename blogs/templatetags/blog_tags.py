from django import template

from ..cards import cards, for_reader, page_of_cards
from ..models import Post

register = template.Library()


@register.inclusion_tag("blogs/includes/post_list.html", takes_context=True)
def recent_posts_by(context, person, limit=10):
    """The latest published posts by `person` (the seam for profile pages): drafts are on the blog
    pages. The same for everybody who may read them, so the list is a fragment (blogs.cards)."""
    request = context["request"]
    posts = Post.objects.published_for(request.user).filter(author=person).for_cards()[:limit]
    shared = page_of_cards(request, f"posts-by:{person.pk}:{limit}", posts)
    return {"cards": for_reader(shared, reader=request.user, previous_visit=context.get("previous_visit"))}


@register.simple_tag(takes_context=True)
def post_cards(context, posts):
    """The cards of `posts` (a page of them), mostly from the cache: see blogs.cards."""
    return cards(posts, reader=context["request"].user, previous_visit=context.get("previous_visit"))


@register.inclusion_tag("blogs/includes/post_reach.html", takes_context=True)
def post_reach(context, post):
    """How many colleagues read the post; its author gets a link to who (one COUNT query)."""
    return {"post": post, "read_count": post.reads.count(), "is_author": post.author_id == context["request"].user.pk}
