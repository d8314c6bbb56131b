"""PostgreSQL: the built-in `dutch` configuration over a stored tsvector with a GIN index.

The migration's trigger fills `vector` from the indexed columns: the title (and a post's tags)
with weight A, the text with weight B, both accent-folded in Python first, so no extension
(unaccent) is needed. Ranking and snippets (ts_rank, ts_headline) come in the same query; the
headline's marks are private-use characters, turned into <mark> only after escaping.
"""

from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, Value
from django.db.models.functions import Replace

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
    wanted = tsquery(query)
    # PostgreSQL makes the headlines after the sort and the LIMIT (ts_headline is costly): the
    # page comes whole from this one query, the title and text highlighted.
    return (
        documents.for_results()
        .defer("body")
        .filter(vector=wanted)
        .annotate(
            rank=SearchRank(F("vector"), wanted),
            title_headline=_headline("title", wanted, highlight_all=True),
            body_headline=_headline("body", wanted, max_words=30, min_words=12, short_word=2),
        )
        .order_by("-rank", "-date", "-id")
    )


def load(documents):
    """Nothing to add: the page and its headlines came in match()'s query."""
    return documents


def highlight(document, query):
    return marked(document.title_headline), marked(document.body_headline)
