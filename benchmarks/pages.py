"""In-process cost of Blognet's pages at two data sizes, side by side: does a page grow with the data?

    .venv/bin/python benchmarks/pages.py                                  # SQLite in temporary files
    .venv/bin/python benchmarks/pages.py --sizes 2000:10000,20000:100000 --repeat 20
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/blognet_bench .venv/bin/python benchmarks/pages.py

A size is posts:comments (200 staff; mentions and notifications follow from the comments, as in
`generate_data`). For each size the database is made from scratch (benchmarks/database.py) and a
fresh process requests every page through Django's test client as an ordinary generated
colleague: the figures are Blognet's own work, without a network or web server.

The machine is shared, so a bare time says little. Between the requests the same process times a
fixed piece of work, R: rendering one generated 400-word post through blognet.markup. A page's
"× R" is its median divided by R's median, both from the same minutes; "growth" is the large
size's × R over the small size's, 1.0× when the page costs the same whatever the size of the history.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.database import ROOT, Size, describe, fresh_database  # noqa: E402
from benchmarks.report import code_between, code_version, table  # noqa: E402


def timed_query(queries, execute, sql, params, many, context):
    """An execute wrapper noting each query's time to the microsecond (connection.queries rounds to ms)."""
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        queries.append(((time.perf_counter() - started) * 1000, re.sub(r"^SELECT .*? FROM", "SELECT … FROM", sql)))


def measure(repeat, results):
    """In a process of its own (the database is the one DATABASE_URL names): time every page."""
    import random

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blognet.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from benchmarks.targets import find_pages
    from blognet.markup import render_markdown
    from demo.management.commands.generate_data import Prose

    pages, reader = find_pages()
    reference = Prose(random.Random(0)).post_body()
    for _ in range(3):  # the first renders build Markdown's machinery
        render_markdown(reference)
    client = Client()
    client.force_login(reader)

    def fetch(url):
        """The page's status and bytes; a long thread is made while it is read (blognet.streamed),
        so reading it is part of its cost."""
        response = client.get(url)
        return response.status_code, b"".join(response) if response.streaming else response.content

    measured = {}
    for page in pages:
        for _ in range(2):  # warm up caches, templates and the connection
            status, body = fetch(page.url)
        problem = page.check(status, body)
        if problem:
            raise SystemExit(problem)
        timings, references = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            fetch(page.url)
            timings.append(time.perf_counter() - started)
            started = time.perf_counter()
            render_markdown(reference)
            references.append(time.perf_counter() - started)
        queries = []
        with connection.execute_wrapper(partial(timed_query, queries)):
            fetch(page.url)
        measured[page.key] = {
            "name": page.name,
            "queries": len(queries),
            "ms": statistics.median(timings) * 1000,
            "reference_ms": statistics.median(references) * 1000,
            "bytes": len(body),
            "slowest": max(queries, default=None),
        }
    Path(results).write_text(json.dumps(measured))


def run_size(size, repeat, workdir):
    url, seconds = fresh_database(size, url=os.environ.get("DATABASE_URL"), workdir=workdir)
    results = Path(workdir) / f"pages-{size.posts}.json"
    subprocess.run(
        [sys.executable, __file__, "--measure", str(results), "--repeat", str(repeat)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
    )
    return url, seconds, json.loads(results.read_text())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000:10000,20000:100000", help="posts:comments, comma-separated")
    parser.add_argument("--repeat", type=int, default=20, help="requests per page, of which the median counts")
    parser.add_argument("--slowest", action="store_true", help="also print each page's slowest query")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the measuring child process
    args = parser.parse_args()
    if args.measure:
        return measure(args.repeat, args.measure)

    sizes = [Size.parse(text) for text in args.sizes.split(",")]
    version = code_version()
    runs = []
    with tempfile.TemporaryDirectory(prefix="blognet-bench-") as workdir:
        for size in sizes:
            print(f"{size} posts/comments: filling a fresh database ...", file=sys.stderr, flush=True)
            runs.append((size, *run_size(size, args.repeat, workdir)))
        database = describe(runs[0][1])

    first, last = runs[0][3], runs[-1][3]
    header = ["page"]
    header += [f"queries {size}" for size, *_ in runs]
    header += [f"ms {size}" for size, *_ in runs]
    header += [f"× R {size}" for size, *_ in runs]
    header += ["growth"] if len(runs) > 1 else []
    rows = []
    for key, page in first.items():
        ratios = [result[key]["ms"] / result[key]["reference_ms"] for *_, result in runs]
        row = [page["name"]]
        row += [result[key]["queries"] for *_, result in runs]
        row += [f"{result[key]['ms']:.1f}" for *_, result in runs]
        row += [f"{ratio:.1f}" for ratio in ratios]
        row += [f"{ratios[-1] / ratios[0]:.2f}×"] if len(runs) > 1 else []
        rows.append(row)
    print(f"\n{database}, code {code_between(version)}; 200 staff; median of {args.repeat} requests\n")
    print(table(header, rows))
    reference = statistics.median(page["reference_ms"] for page in last.values())
    print(f"\nR (one 400-word post rendered) was {reference:.2f} ms at {runs[-1][0]} in this run.")
    print("generate_data: " + "; ".join(f"{seconds:.0f} s for {size}" for size, _, seconds, _ in runs))
    if args.slowest:
        for size, _, _, result in runs:
            print(f"\nSlowest query of each page at {size}:")
            for page in result.values():
                if page["slowest"]:
                    ms, sql = page["slowest"]
                    print(f"  {page['name']}: {ms:.2f} ms  {sql[:300]}")


if __name__ == "__main__":
    main()
