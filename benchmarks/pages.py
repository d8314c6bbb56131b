"""Median in-process response times of Blognet's pages at scale.

    .venv/bin/python benchmarks/pages.py                          # SQLite in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/blognet_bench .venv/bin/python benchmarks/pages.py

The database is created from scratch (for PostgreSQL the named database is dropped and made
anew), filled with `generate_data`, and every page is requested through Django's test client
in this process: the figures are Blognet's own time, without a network or web server.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blognet.settings")


def prepare_database():
    url = os.environ.get("DATABASE_URL")
    if not url:
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        return f"SQLite ({path})"
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], dbname="postgres", autocommit=True
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
        admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
    return f"PostgreSQL ({config['NAME']})"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--staff", type=int, default=300)
    parser.add_argument("--posts", type=int, default=20000)
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    database = prepare_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from blogs.models import Post
    from people.models import User

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("generate_data", staff=args.staff, posts=args.posts, comments=args.comments, seed=1)
    print(f"generate_data: {time.perf_counter() - started:.1f} s for {args.posts} posts, {args.comments} comments")

    reader = User.objects.get(username="medewerker00001")
    post = Post.objects.published().filter(comment_count=0).order_by("-published_at")[0]
    busy = Post.objects.order_by("-comment_count")[0]
    client = Client()
    client.force_login(reader)
    pages = {
        "front page": "/",
        "front page, page 100": "/?page=100",
        "blog page": post.blog.get_absolute_url(),
        "post page": post.get_absolute_url(),
        f"post, {busy.comment_count} comments": busy.get_absolute_url(),
        "notifications": "/notifications/",
        "blog list": "/blogs/",
        "directory": "/people/",
        "profile": reader.get_absolute_url(),
    }
    print(f"\n{database}, {args.posts} posts, {args.staff} staff, median of {args.repeat} requests")
    print(f"{'page':<26}{'median ms':>10}{'queries':>9}")
    for name, url in pages.items():
        client.get(url)  # warm up caches and connections
        timings = []
        for _ in range(args.repeat):
            reset_queries()
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(f"{name:<26}{statistics.median(timings):>10.1f}{len(queries):>9}")


if __name__ == "__main__":
    main()
