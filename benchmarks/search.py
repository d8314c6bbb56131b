"""In-process cost of search on data shaped like two years of use, as ratios to the front page.

    .venv/bin/python benchmarks/search.py                                     # SQLite, 20,000/100,000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/blognet_bench_search .venv/bin/python benchmarks/search.py
    .venv/bin/python benchmarks/search.py --size 2000:10000 --repeat 10

The database is made from scratch as benchmarks/pages.py makes it (benchmarks/database.py:
`generate_data` writes in bulk, so nothing is indexed yet), then `manage.py reindex` builds the
index and is timed. A fresh process then requests the front page and three searches (one word,
two words, a phrase; words the generated prose uses, so each finds thousands of texts) through
Django's test client as an ordinary generated colleague. The machine is shared: each search's
median is given as a ratio to the front page's median from the same minutes.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.database import Size, describe, fresh_database, manage  # noqa: E402
from benchmarks.report import table  # noqa: E402

SEARCHES = [
    ("one word", "openingstijden"),
    ("two words", "planning krap"),
    ("phrase", '"kritische vragen"'),
]


def measure(repeat, results):
    """In a process of its own (the database is the one DATABASE_URL names): time the pages."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blognet.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.targets import READER
    from people.models import User

    client = Client()
    client.force_login(User.objects.get(username=READER))
    pages = [("front page", "/")] + [(name, "/search/?" + urlencode({"q": q})) for name, q in SEARCHES]
    measured = {}
    for name, url in pages:
        for _ in range(2):  # warm up caches, templates and the connection
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            timings.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        hits = response.content.decode().count('class="search-result"')
        measured[name] = {"ms": statistics.median(timings) * 1000, "queries": len(queries), "hits": hits}
    Path(results).write_text(json.dumps(measured))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="20000:100000", help="posts:comments")
    parser.add_argument("--repeat", type=int, default=15, help="requests per page, of which the median counts")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the measuring child process
    args = parser.parse_args()
    if args.measure:
        return measure(args.repeat, args.measure)

    size = Size.parse(args.size)
    with tempfile.TemporaryDirectory(prefix="blognet-bench-") as workdir:
        print(f"{size} posts/comments: filling a fresh database ...", file=sys.stderr, flush=True)
        url, generated = fresh_database(size, url=os.environ.get("DATABASE_URL"), workdir=workdir)
        started = time.perf_counter()
        manage("reindex", "--verbosity", "0", url=url)
        reindexed = time.perf_counter() - started
        results = Path(workdir) / "search.json"
        subprocess.run(
            [sys.executable, __file__, "--measure", str(results), "--repeat", str(args.repeat)],
            cwd=Path(__file__).resolve().parent.parent,
            env={**os.environ, "DATABASE_URL": url},
            check=True,
        )
        measured = json.loads(results.read_text())
        database = describe(url)

    front = measured["front page"]["ms"]
    rows = [
        [name, page["queries"], page["hits"], f"{page['ms']:.1f}", f"{page['ms'] / front:.2f}"]
        for name, page in measured.items()
    ]
    print(f"\n{database}, {size} posts/comments; generate_data {generated:.0f} s, reindex {reindexed:.1f} s\n")
    print(table(["page", "queries", "results shown", "median ms", "× front page"], rows))


if __name__ == "__main__":
    main()
