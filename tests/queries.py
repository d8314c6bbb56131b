"""Counting a page's queries, the way the query-count tests compare pages with little and much data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from blognet.models import ContentGeneration


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def count_made_and_cached(client, url):
    """The queries of the first request after a write (it makes the cached fragments anew) and of
    the next one (it finds them): compared like with like, whatever the test wrote before."""
    ContentGeneration.bump()
    return count_queries(client, url), count_queries(client, url)
