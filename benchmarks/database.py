"""A benchmark's database: made from scratch and filled by `manage.py generate_data`.

SQLite goes in a temporary file; PostgreSQL is the database DATABASE_URL names, dropped and made
anew, which is why its name must start with "blognet_bench": a benchmark never drops anything else.
"""

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAFE_PREFIX = "blognet_bench"
STAFF = 200
SEED = 1


@dataclass(frozen=True)
class Size:
    posts: int
    comments: int

    @classmethod
    def parse(cls, text):
        """Read "2000:10000": 2,000 posts and 10,000 comments."""
        posts, _, comments = text.partition(":")
        return cls(int(posts), int(comments or 0))

    def __str__(self):
        return f"{self.posts:,}/{self.comments:,}"


def manage(*args, url, capture=False, extra_env=None):
    env = {**os.environ, "DATABASE_URL": url, **(extra_env or {})}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )


def postgres_admin(url, dbname=None):
    """An autocommit connection to the server of `url` (to its `postgres` database by default)."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    return psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname=dbname or "postgres",
        autocommit=True,
    )


def describe(url):
    if url.startswith("sqlite"):
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with postgres_admin(url) as admin:
        return "PostgreSQL " + admin.execute("SHOW server_version").fetchone()[0].split()[0]


def fresh_database(size, *, url=None, workdir=None):
    """Make an empty database, migrate and fill it; return (its DATABASE_URL, seconds generate_data took).

    `url` None means SQLite in a file under `workdir`.
    """
    if url is None or url.startswith("sqlite"):
        path = Path(workdir or tempfile.mkdtemp(prefix="blognet-bench-")) / f"bench-{size.posts}.sqlite3"
        for stale in path.parent.glob(path.name + "*"):
            stale.unlink()
        url = f"sqlite:///{path}"
    else:
        import dj_database_url

        name = dj_database_url.parse(url)["NAME"]
        if not name.startswith(SAFE_PREFIX):
            raise SystemExit(f"Refusing to drop the database {name!r}: a benchmark database is named {SAFE_PREFIX}*.")
        with postgres_admin(url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--verbosity", "0", url=url)
    started = time.perf_counter()
    manage(
        "generate_data",
        f"--staff={STAFF}",
        f"--posts={size.posts}",
        f"--comments={size.comments}",
        f"--seed={SEED}",
        "--verbosity=0",
        url=url,
    )
    seconds = time.perf_counter() - started
    if not url.startswith("sqlite"):
        # A site that has run for two years has planner statistics and a visibility map, which
        # autovacuum makes in the background; a database filled a second ago has neither.
        with postgres_admin(url, dbname=name) as conn:
            conn.execute("VACUUM ANALYZE")
    return url, seconds
