"""Following colleagues and blogs, as other apps see it: which posts a reader follows (the
front page's "Gevolgd" filter, blogs.forms.PostFilterForm) and the "Gevolgd" mark on the cards of
those posts (a per-reader provider of blogs.marks: one query for a page of cards, never in the
shared cached card). Both are put in place by NotificationsConfig.ready()."""

from django.db.models import CharField, Q, Value
from django.utils.translation import gettext as _

from blogs.marks import Mark

from .models import BlogFollow, ColleagueFollow


def followed_q(reader):
    """Posts by the colleagues and on the blogs `reader` follows (two subqueries, one index each)."""
    people = ColleagueFollow.objects.filter(user=reader).values("person")
    blogs = BlogFollow.objects.filter(user=reader).values("blog")
    return Q(author__in=people) | Q(blog__in=blogs)


def followed_marks(written, reader):
    """{post id: the "Gevolgd" mark} for the posts `reader` follows, of `written` ({post id:
    (author id, blog id)}, from the cards): one query of the reader's follows, none of the posts."""
    kind = CharField()
    people = ColleagueFollow.objects.filter(user=reader).values_list("person", Value("person", output_field=kind))
    blogs = BlogFollow.objects.filter(user=reader).values_list("blog", Value("blog", output_field=kind))
    followed = set(people.union(blogs))
    mark = Mark(_("Gevolgd"), "text-bg-info post-followed")
    return {
        post_id: mark
        for post_id, (author_id, blog_id) in written.items()
        if (author_id, "person") in followed or (blog_id, "blog") in followed
    }
