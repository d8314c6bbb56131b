from django import template

register = template.Library()


@register.inclusion_tag("blogs/includes/post_edited.html")
def post_edited(post):
    """ "bewerkt" and a link to the history when the post has more versions than its first one: one
    query for at most two rows, from the newest end of the (post, id) index."""
    newest = list(post.revisions.values_list("created_at", flat=True)[:2])
    return {"post": post, "edited_at": newest[0] if len(newest) > 1 else None}
