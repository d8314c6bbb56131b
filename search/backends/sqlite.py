"""SQLite: an FTS5 table over Dutch stems made in Python, ranked by bm25, highlighted in Python.

FTS5 has no Dutch stemmer of its own, so the indexed columns already hold stems (search.text);
a query is stemmed the same way and every term goes in double quotes, so nothing typed can be
FTS5 syntax (NEAR, *, ^, column filters). The table is external-content: triggers made by the
migration keep it in step with search_document in the same transaction.
"""

from django.db.models.expressions import RawSQL

from ..models import Document
from ..text import highlight as highlight_text
from ..text import stem, stems

# bm25 weights per column (title, body): a match in the title counts ten times one in the text.
RANK = RawSQL("bm25(search_fts, 10.0, 1.0)", [])


def prepare(title, body):
    return stems(title), stems(body)


def _phrase(words):
    return '"' + " ".join(stem(word) for word in words).replace('"', '""') + '"'


def expression(query):
    """The FTS5 MATCH expression of a Query (non-empty)."""
    wanted = " AND ".join("(" + " OR ".join(_phrase(a) for a in group) + ")" for group in query.groups)
    for alternative in query.excluded:
        wanted = f"({wanted}) NOT {_phrase(alternative)}"
    return wanted


def match(documents, query):
    """The matching ids, best first: bm25 is lower for a better match, then the newer first.

    Only ids: every match passes through the sort, and SQLite would make every column of every
    joined row for it; load() reads the page's rows afterwards.
    """
    matching = documents.filter(fts__all_columns__matches=expression(query)).annotate(rank=RANK)
    return matching.order_by("rank", "-date", "-id").only("id")


def load(documents, query):
    """The page's Documents as results show them (one query), in the order of the page."""
    loaded = Document.objects.for_results().in_bulk([d.pk for d in documents])
    return [loaded[d.pk] for d in documents]


def highlight(document, query):
    return highlight_text(document.title, query, whole=True), highlight_text(document.body, query)
