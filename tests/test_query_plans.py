"""No page reads a table that grows with history from end to end.

Every query a page runs is EXPLAINed on the database under test. A query on a growing table must
either find its rows through an index (SQLite: SEARCH) or stop early (a LIMIT over an ordered
index walk). A full scan, or walking a whole index to count or group it, fails the test: its
cost would grow with the years of writing, however constant the number of queries.
On PostgreSQL the tables here are tiny, so the planner is told to avoid sequential scans: a
"Seq Scan" that remains has no index to use.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.reactions import react
from comments.services import add_comment

GROWING = [
    "blogs_post",
    "blogs_postread",
    "blogs_post_tags",
    "blogs_postimage",
    "blogs_postimage_posts",
    "comments_comment",
    "comments_mention",
    "comments_dailycomments",
    "comments_reaction",
    "notifications_notification",
]


def plan(sql, params):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            lines = [row[0] for row in cursor.fetchall()]
            cursor.execute("SET enable_seqscan = on")
            return lines
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [row[-1] for row in cursor.fetchall()]


# A range over a moment ("published before now", "written since ...") covers all of history
# unless a LIMIT stops the walk early.
HISTORY_RANGE = re.compile(r"(published_at|created_at)\s*(<|>|<=|>=)|\b(published_at|created_at)<")


def full_reads(sql, params):
    """The plan lines of this query that read a growing table from end to end."""
    lines = plan(sql, params)
    # A LIMIT stops the walk only when rows come in the order asked: not after a sort or grouping
    # ("RIGHT PART OF ORDER BY" sorts only ties of the index's order; the walk still stops). Judged
    # on SQLite, whose plans do not depend on statistics: PostgreSQL sorts tiny test tables
    # instead of walking an index, so there only scans and unlimited ranges count.
    sorted_after = connection.vendor == "sqlite" and any(
        re.search(r"TEMP B-TREE FOR (?!RIGHT PART)", line) for line in lines
    )
    limited = re.search(r"\bLIMIT\b", sql) is not None and not sorted_after
    found = []
    for number, line in enumerate(lines):
        # PostgreSQL puts an index's condition on the line after the scan.
        condition = lines[number + 1] if number + 1 < len(lines) else ""
        for table in GROWING:
            if connection.vendor == "postgresql":
                scans = re.search(rf"Scan (?:using \S+ )?on {table}\b", line)
                whole = "Seq Scan" in line or (not limited and HISTORY_RANGE.search(condition))
            else:
                scans = re.search(rf"\b(SCAN|SEARCH) {table}\b", line)
                whole = line.startswith("SCAN") and not (limited and "USING" in line)
                whole = whole or (not limited and HISTORY_RANGE.search(line))
            if scans and whole:
                found.append(line.strip())
    return found


@pytest.fixture
def history(alice, bob, make_user, make_post, personeelsblog):
    posts = [make_post(title=f"Bericht {n}", tags=["jeugd"], blog=personeelsblog) for n in range(3)]
    posts += [make_post(title=f"Eigen bericht {n}", tags=["jeugd"]) for n in range(3)]
    for n, post in enumerate(posts):
        first = add_comment(post=post, author=bob, body=f"Hoi @alice {n}")
        add_comment(post=post, author=alice, body="Antwoord", parent=first)
        react(user=bob, post=post, kind="eens")
        react(user=alice, post=post, comment=first, kind="bedankt")
    return posts


PAGES = {
    "front page": lambda h, alice: reverse("blogs:front_page"),
    "front page, filtered": lambda h, alice: reverse("blogs:front_page") + "?tag=jeugd&department=Jeugd",
    "front page, followed": lambda h, alice: reverse("blogs:front_page") + "?followed=on",
    "blog": lambda h, alice: alice.personal_blog.get_absolute_url(),
    "blog list": lambda h, alice: reverse("blogs:blog_list"),
    "tag": lambda h, alice: reverse("blogs:tag_detail", args=["jeugd"]),
    "post": lambda h, alice: h[0].get_absolute_url(),
    "directory": lambda h, alice: reverse("people:directory"),
    "profile": lambda h, alice: alice.get_absolute_url(),
    "notifications": lambda h, alice: reverse("notifications:notification_list"),
    "feed": lambda h, alice: reverse("blogs:feed"),
    "comment feed": lambda h, alice: reverse("comments:post_comments_feed", args=[h[0].pk]),
}


@pytest.mark.parametrize("name", PAGES)
def test_no_page_reads_a_growing_table_end_to_end(client, alice, history, name):
    client.force_login(alice)
    url = PAGES[name](history, alice)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # Parameters are inlined in the captured SQL on SQLite; on PostgreSQL too (psycopg's mogrify).
    problems = {query["sql"][:200]: full_reads(query["sql"], None) for query in queries.captured_queries}
    assert {sql: lines for sql, lines in problems.items() if lines} == {}


def test_what_waits_for_a_colleague_joins_each_rows_post_instead_of_listing_all_published_posts(alice, history):
    """'Wacht op jou' is on every front page: `post__in=<published posts>` made SQLite build the
    list of every published post at each request, a cost growing with the years of writing."""
    from decisions.waiting import waiting_for

    with CaptureQueriesContext(connection) as queries:
        waiting_for(alice)
    assert len(queries) == 2
    for query in queries.captured_queries:
        assert "IN (SELECT" not in query["sql"]
        assert full_reads(query["sql"], None) == []


def test_a_blog_page_asks_for_the_readers_drafts_through_the_status_index(
    alice, bob, make_user, make_post, personeelsblog
):
    """Whether a blog has drafts or scheduled posts the reader may see is asked on every blog page:
    with visible_to's OR, sorted by date with the published posts, it read every post the blog ever
    had (2,000 on the Personeelsblog after a few years, 20,000 in a national network's first year).
    Asked per kind of waiting post, each part starts from (blog, status, ...) in an index."""
    from blogs.models import Post

    for n in range(3):
        make_post(title=f"Bericht {n}", blog=personeelsblog, author=bob)
    site_admin = make_user("redacteur", is_superuser=True)  # may see everybody's drafts
    for reader in (alice, site_admin):
        with CaptureQueriesContext(connection) as queries:
            assert Post.objects.waiting_for_reader(reader, personeelsblog) == []
        asked = [q["sql"] for q in queries.captured_queries if "UNION" in q["sql"]]
        assert len(queries) == 1 and len(asked) == 1
        lines = plan(asked[0], None)
        if connection.vendor == "sqlite":
            reads = [line for line in lines if re.search(r"\b(SCAN|SEARCH) blogs_post\b", line)]
            assert len(reads) == 2 and all("status=?" in line for line in reads), lines
        else:
            conditions = [line for line in lines if "Index Cond" in line and "status" in line]
            assert len(conditions) == 2, lines
