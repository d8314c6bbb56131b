"""Counting a page's queries, the way the query-count tests compare pages with little and much data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from blognet.models import ContentGeneration


def body(response):
    """The bytes of a page, also of one sent while it was made (a long thread: blognet.streamed)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body(response)  # the queries of a streamed page are made while it is read
    assert response.status_code == 200
    return len(queries)


def count_made_and_cached(client, url):
    """The queries of the first request after a write (it makes the cached fragments anew) and of
    the next one (it finds them): compared like with like, whatever the test wrote before."""
    ContentGeneration.bump()
    return count_queries(client, url), count_queries(client, url)
