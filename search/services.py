"""Reading the index: what `user` may find for a query, best first, and how each result reads.

The one read rule of each app is applied here at query time (Post.objects.published_for,
Comment.objects.readable_by().shown(), Agreement.objects.readable_by), so a draft, a scheduled
post before its moment, a removed comment or anything of a blog the searcher may not read is
never found, in the very next request after it changed.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from blognet.access import may_read
from blogs.models import Post
from comments.models import Comment
from decisions.models import Agreement

from .backends import backend
from .models import Document

Kind = Document.Kind

PERIODS = {
    "week": (_("Afgelopen week"), timedelta(days=7)),
    "maand": (_("Afgelopen maand"), timedelta(days=31)),
    "jaar": (_("Afgelopen jaar"), timedelta(days=366)),
}


def readable_by(user):
    """The Documents `user` may find: each kind under its own app's read rule."""
    if not may_read(user):
        return Document.objects.none()
    posts = Post.objects.published_for(user)
    comments = Comment.objects.readable_by(user).shown()
    agreements = Agreement.objects.readable_by(user)
    colleagues = get_user_model().objects.filter(is_active=True)
    # The kind is asked first: SQLite evaluates each condition left to right, and a row then runs
    # only its own kind's subquery (a primary-key lookup), never another kind's.
    return Document.objects.filter(
        (Q(kind=Kind.POST) & Q(Exists(posts.filter(pk=OuterRef("post_id")))))
        | (Q(kind=Kind.COMMENT) & Q(Exists(comments.filter(pk=OuterRef("comment_id")))))
        | (Q(kind=Kind.AGREEMENT) & Q(Exists(agreements.filter(pk=OuterRef("agreement_id")))))
        | (Q(kind=Kind.PERSON) & Q(Exists(colleagues.filter(pk=OuterRef("person_id")))))
        | (Q(kind=Kind.TAG) & Q(Exists(posts.filter(tags=OuterRef("tag_id")))))
    )


def search(user, query, *, kind="", blog="", author="", department="", tag="", period="", year=None):
    """The Documents `user` may find for the parsed `query`, best first (newer first when equal).

    The filters narrow by kind, blog (slug), colleague (username), their department, tag (slug)
    and period (a key of PERIODS, or a calendar year).
    """
    if not query:
        return Document.objects.none()
    documents = readable_by(user)
    if kind:
        documents = documents.filter(kind=kind)
    if blog:
        documents = documents.filter(post__blog__slug=blog)
    if author:
        documents = documents.filter(author__username=author)
    if department:
        documents = documents.filter(author__department=department)
    if tag:
        documents = documents.filter(post__tags__slug=tag)
    if period in PERIODS:
        documents = documents.filter(date__gte=timezone.now() - PERIODS[period][1])
    if year:
        zone = timezone.get_current_timezone()
        documents = documents.filter(
            date__gte=datetime(year, 1, 1, tzinfo=zone), date__lt=datetime(year + 1, 1, 1, tzinfo=zone)
        )
    return backend().match(documents, query)


@dataclass
class Result:
    kind: str
    label: str
    heading_html: str
    snippet_html: str
    url: str
    blog: object = None
    author: object = None
    date: object = None


def result(document, query):
    """How `document` (from search()) reads in a list of results: every piece escaped, matches marked."""
    title_html, snippet_html = backend().highlight(document, query)
    post, kind = document.post, document.kind
    if kind == Kind.POST:
        return Result(
            kind,
            _("Bericht"),
            title_html,
            snippet_html,
            post.get_absolute_url(),
            post.blog,
            document.author,
            document.date,
        )
    if kind == Kind.COMMENT:
        document.comment.post = post  # loaded already: the link needs the post's blog
        heading = escape(_("Reactie op “%(title)s”") % {"title": post.title})
        return Result(
            kind,
            _("Reactie"),
            heading,
            snippet_html,
            document.comment.get_absolute_url(),
            post.blog,
            document.author,
            document.date,
        )
    if kind == Kind.AGREEMENT:
        document.agreement.proposal.post = post
        heading = escape(_("Afspraak bij “%(title)s”") % {"title": post.title})
        return Result(
            kind,
            _("Afspraak"),
            heading,
            snippet_html,
            document.agreement.get_absolute_url(),
            post.blog,
            document.author,
            document.date,
        )
    if kind == Kind.PERSON:
        person = document.person
        return Result(kind, _("Collega"), title_html, snippet_html, person.get_absolute_url(), author=person)
    return Result(kind, _("Tag"), title_html, "", document.tag.get_absolute_url())


def results(documents, query):
    """The Results of a page of search() (at most a page: each is highlighted)."""
    return [result(document, query) for document in backend().load(list(documents), query)]
