"""PostgreSQL: the built-in `dutch` configuration over a stored tsvector with a GIN index.

The migration's trigger fills `vector` from the indexed columns: the title (and a post's tags)
with weight A, the text with weight B, both accent-folded in Python first, so no extension
(unaccent) is needed. Ranking by ts_rank, snippets by ts_headline (for the page's rows only); the
headline's marks are private-use characters, turned into <mark> only after escaping. The ranking
query sorts ids; the page's rows and their headlines come in a second one.
"""

from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, Value
from django.db.models.functions import Replace

from ..models import Document
from ..text import GREATER_THAN, LESS_THAN, MARK_END, MARK_START, clean, fold, marked

CONFIG = "dutch"


def prepare(title, body):
    return fold(clean(title)), fold(clean(body))


def _alternative(words):
    kind = "phrase" if len(words) > 1 else "plain"
    return SearchQuery(" ".join(words), search_type=kind, config=CONFIG)


def tsquery(query):
    """The tsquery of a Query (non-empty): each part a parameter, so nothing typed is syntax."""
    wanted = reduce(and_, (reduce(or_, map(_alternative, group)) for group in query.groups))
    for alternative in query.excluded:
        wanted &= ~_alternative(alternative)
    return wanted


def _headline(column, wanted, **options):
    # ts_headline leaves out whatever looks like an HTML tag: "<script>" written in a post is
    # text here, shown escaped, so its brackets travel through as private-use characters.
    text = Replace(Replace(F(column), Value("<"), Value(LESS_THAN)), Value(">"), Value(GREATER_THAN))
    return SearchHeadline(text, wanted, config=CONFIG, start_sel=MARK_START, stop_sel=MARK_END, **options)


def match(documents, query):
    """The matching ids, best first (by ts_rank, then the newer first).

    Only ids: with the results' joins in the same query the planner, which cannot guess how many
    rows the read rules let through, joins the tables row by row without their indexes.
    """
    wanted = tsquery(query)
    matching = documents.filter(vector=wanted).annotate(rank=SearchRank(F("vector"), wanted))
    return matching.order_by("-rank", "-date", "-id").only("id")


def load(documents, query):
    """The page's Documents as results show them, their title and text highlighted, in one query."""
    wanted = tsquery(query)
    page = (
        Document.objects.for_results()
        .defer("body")
        .annotate(
            title_headline=_headline("title", wanted, highlight_all=True),
            body_headline=_headline("body", wanted, max_words=30, min_words=12, short_word=2),
        )
    )
    loaded = page.in_bulk([d.pk for d in documents])
    return [loaded[d.pk] for d in documents]


def highlight(document, query):
    return marked(document.title_headline), marked(document.body_headline)
