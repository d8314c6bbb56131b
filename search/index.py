"""Writing the index: one function per kind of thing, called by the receivers (search/receivers.py)
inside the transaction of the write itself, and in batches by `manage.py reindex`.

Every row says only what was written; who may find it is decided when someone searches.
"""

from operator import attrgetter

from django.db import connection

from blognet.markup import plain_text

from .backends import backend
from .models import Document
from .text import clean

Kind = Document.Kind


def _document(kind, *, title="", body="", indexed_title=None, **fields):
    title, body = clean(title), clean(body)
    title_index, body_index = backend().prepare(title if indexed_title is None else indexed_title, body)
    return Document(kind=kind, title=title, body=body, title_index=title_index, body_index=body_index, **fields)


def post_document(post, tag_names=()):
    # A post's tags count as its title: a post tagged "zomer" is about the summer.
    return _document(
        Kind.POST,
        post_id=post.pk,
        author_id=post.author_id,
        date=post.published_at,
        title=post.title,
        indexed_title=" ".join([post.title, *tag_names]),
        body=plain_text(post.body_html),
    )


def comment_document(comment):
    return _document(
        Kind.COMMENT,
        comment_id=comment.pk,
        post_id=comment.post_id,
        author_id=comment.author_id,
        date=comment.created_at,
        body=plain_text(comment.body_html),
    )


def agreement_document(agreement, post_id):
    return _document(
        Kind.AGREEMENT,
        agreement_id=agreement.pk,
        post_id=post_id,
        author_id=agreement.owner_id,
        date=agreement.recorded_at,
        body=plain_text(agreement.body_html),
    )


def person_document(person):
    return _document(
        Kind.PERSON,
        person_id=person.pk,
        author_id=person.pk,
        date=person.date_joined,
        title=person.name,
        indexed_title=f"{person.name} {person.username}",
        body=person.department,
    )


def tag_document(tag):
    return _document(Kind.TAG, tag_id=tag.pk, title=tag.name)


KEYS = {
    Kind.POST: "post_id",
    Kind.COMMENT: "comment_id",
    Kind.AGREEMENT: "agreement_id",
    Kind.PERSON: "person_id",
    Kind.TAG: "tag_id",
}
COLUMNS = [
    "kind",
    "post_id",
    "comment_id",
    "agreement_id",
    "person_id",
    "tag_id",
    "author_id",
    "date",
    "title",
    "body",
    "title_index",
    "body_index",
]


ROW_TEXTS = attrgetter("title", "body", "title_index", "body_index")


def write(documents):
    """Store `documents` of one kind, replacing what the index held for the same things.

    An unchanged text is written again: a row costs less than asking whether it changed. The rows
    go in with one executemany (bulk_create would cut a reindex's batch into many statements of
    SQLite's 999 parameters each and spend more time compiling them than writing).
    """
    if not documents:
        return
    kind = documents[0].kind
    key = KEYS[kind]
    Document.objects.filter(kind=kind, **{f"{key}__in": [getattr(d, key) for d in documents]}).delete()
    adapt = connection.ops.adapt_datetimefield_value
    rows = [[*(getattr(d, column) for column in COLUMNS[:-5]), adapt(d.date), *ROW_TEXTS(d)] for d in documents]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(Document._meta.db_table), ", ".join(map(quote, COLUMNS)), ", ".join(["%s"] * len(COLUMNS))
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def index_post(post):
    write([post_document(post, list(post.tags.values_list("name", flat=True)))])
    tags = post.tags.exclude(pk__in=Document.objects.filter(kind=Kind.TAG).values("tag_id"))
    write([tag_document(tag) for tag in tags])


def index_comment(comment):
    write([comment_document(comment)])


def index_agreement(agreement):
    write([agreement_document(agreement, agreement.proposal.post_id)])


def index_person(person):
    write([person_document(person)])
