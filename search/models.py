from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Lookup, Q
from django.utils.translation import gettext_lazy as _

# The long texts a list of results never shows (the snippet's own text is read where needed).
NOT_SHOWN = [
    "title_index",
    "body_index",
    "vector",
    *(
        f"{relation}__{text}"
        for relation in ("post", "comment", "agreement", "agreement__proposal")
        for text in ("body", "body_html")
    ),
    "post__excerpt",
    *(f"{person}__{field}" for person in ("author", "person") for field in ("password", "bio", "feed_token")),
]


class DocumentQuerySet(models.QuerySet):
    def for_results(self):
        """Everything a result shows (its post, blog, author, comment, agreement, colleague or tag)
        in the same query, without the long texts it does not show."""
        related = ("post__blog", "author", "comment", "agreement__proposal", "person", "tag")
        return self.select_related(*related).defer(*NOT_SHOWN)


class Document(models.Model):
    """One findable thing: a post, a comment, an agreement, a colleague or a tag.

    `title` and `body` are the plain text shown in snippets; `title_index` and `body_index` are
    what the backend indexes (Dutch stems on SQLite, accent-folded text on PostgreSQL). The
    migration keeps the full-text index in step with these columns by triggers, so a row written
    here is findable in the same transaction. Who may find a row is decided at query time by the
    apps' own read rules (search.services), never stored here.
    """

    class Kind(models.TextChoices):
        POST = "post", _("Berichten")
        COMMENT = "comment", _("Reacties")
        AGREEMENT = "agreement", _("Afspraken")
        PERSON = "person", _("Collega's")
        TAG = "tag", _("Tags")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The post a post, comment or agreement belongs to: the blog and tag filters go through it.
    post = models.ForeignKey("blogs.Post", on_delete=models.CASCADE, null=True, related_name="+")
    comment = models.OneToOneField("comments.Comment", on_delete=models.CASCADE, null=True, related_name="+")
    agreement = models.OneToOneField("decisions.Agreement", on_delete=models.CASCADE, null=True, related_name="+")
    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    tag = models.OneToOneField("blogs.Tag", on_delete=models.CASCADE, null=True, related_name="+")
    # Who wrote it (a colleague's own row: that colleague); the colleague and department filters.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    date = models.DateTimeField(null=True)
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    title_index = models.TextField(blank=True)
    body_index = models.TextField(blank=True)
    # PostgreSQL only (a trigger fills it, a GIN index matches it); always empty on SQLite.
    vector = SearchVectorField(null=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post"], condition=Q(kind="post"), name="search_one_document_per_post"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.title or self.body[:40]}"


class FtsColumn(models.TextField):
    pass


@FtsColumn.register_lookup
class Matches(Lookup):
    lookup_name = "matches"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class FtsRow(models.Model):
    """SQLite's FTS5 table over Document (made by the migration on SQLite only): joined, never written.

    `all_columns` is the hidden column FTS5 names after its table: `fts__all_columns__matches=...`
    is `search_fts MATCH ...`, over every column.
    """

    document = models.OneToOneField(
        Document, primary_key=True, db_column="rowid", on_delete=models.DO_NOTHING, related_name="fts"
    )
    all_columns = FtsColumn(db_column="search_fts")

    class Meta:
        managed = False
        db_table = "search_fts"

    def __str__(self):
        return str(self.document_id)
