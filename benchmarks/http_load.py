"""Blognet over HTTP under load: gunicorn with production settings, wrk, and a static reference.

    .venv/bin/python benchmarks/http_load.py                      # SQLite, 20,000 posts, 100,000 comments
    .venv/bin/python benchmarks/http_load.py --size 2000:10000 --duration 8
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/blognet_bench .venv/bin/python benchmarks/http_load.py
    DATABASE_URL=... .venv/bin/python benchmarks/http_load.py --reuse  # the database generate_data filled before

The database is made and filled as for benchmarks/pages.py (or taken as it is with --reuse), the
static files are collected into a temporary STATIC_ROOT, and gunicorn serves Blognet with
production settings (DEBUG off, whitenoise) on a free port of 127.0.0.1. An ordinary generated
colleague logs in through the login form; each page is fetched and checked (status, size, title),
and its bytes are written once into the static folder. Gunicorn is then started again, so that
whitenoise finds those copies, everything is warmed up, and wrk loads each page and right after
it the static copy of the same size, with the same session cookie.

How to read the table:
- rps: requests per second wrk got, with --connections connections for --duration seconds.
- per busy core: rps divided by the cores left to Blognet: all cores minus the CPU other
  processes used meanwhile (/proc/stat's busy time minus that of gunicorn, wrk, the PostgreSQL
  backends serving gunicorn and this script). "others" is that CPU, in cores.
- × static: the page's rps over the static copy's rps. The machine is shared and noisy, and both
  are measured within seconds of each other by the same gunicorn: this ratio is the figure to
  compare between runs. 0.10 means a page costs ten times what sending its bytes costs.
"""

import argparse
import http.client
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

# Not "http.py": scripts run from this folder have it first on the import path, and a file of that
# name would stand in for the standard library's http package in all of them.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from benchmarks.database import ROOT, Size, describe, fresh_database, manage, postgres_admin  # noqa: E402
from benchmarks.report import code_between, code_version, table  # noqa: E402

PAGES = ["front", "post", "hot", "directory", "blog", "profile", "notifications", "feed"]
COPIES = "benchmark-copies"  # under STATIC_ROOT
TICKS = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_cpu(pid, *, of_children=False):
    """user + system CPU seconds of one process (or of its children that ended), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    first = 13 if of_children else 11
    return (int(fields[first]) + int(fields[first + 1])) / TICKS


def busy_cpu():
    """CPU seconds all processes together have used since boot, over every core."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").open().readline().split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / TICKS


def children_of(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return sorted(found)


def peak_memory_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Gunicorn:
    """One gunicorn, in a session of its own: stopped by its process group id, whatever happens."""

    def __init__(self, env, workers, log):
        self.env, self.workers, self.log = env, workers, log
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "blognet.wsgi", "--workers", str(self.workers)]
            + ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped (exit {self.process.returncode}); see {self.log.name}")
            try:
                status, _, _ = self.get("/healthz")
                if status == 200 and len(self.worker_pids()) == self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer /healthz within 60 s; see {self.log.name}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def restart(self):
        self.stop()
        self.start()

    def worker_pids(self):
        return children_of(self.process.pid)

    def own_pids(self):
        return [self.process.pid, *self.worker_pids()]

    def get(self, path, cookie=None, method="GET", body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(
                method, path, body=body, headers={**(headers or {}), **({"Cookie": cookie} if cookie else {})}
            )
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def log_in(server, username, password):
    """The login form, as a browser fills it: returns the Cookie header of the session."""
    status, headers, body = server.get("/accounts/login/")
    cookies = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or token is None or "csrftoken" not in cookies:
        raise SystemExit(f"The login page did not offer a form (status {status}).")
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode()}
    status, headers, _ = server.get(
        "/accounts/login/",
        cookie=f"csrftoken={cookies['csrftoken'].value}",
        method="POST",
        body=urlencode(form),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"Logging in as {username} failed (status {status}).")
    return f"sessionid={cookies['sessionid'].value}"


class Backends:
    """The PostgreSQL processes working for gunicorn: their CPU is Blognet's, not another's.

    The backends of gunicorn's connections live through a run and are read by pid. The parallel
    workers PostgreSQL starts for a large query live for milliseconds; their CPU shows when they
    end, in the children's CPU of the server's main process (with that of any other PostgreSQL
    process that ended meanwhile, which on a shared machine may be someone else's).
    """

    def __init__(self, url):
        import dj_database_url

        self.name = dj_database_url.parse(url)["NAME"]
        self.admin = None if url.startswith("sqlite") else postgres_admin(url)
        self.postmaster = None
        if self.admin:
            (own,) = self.admin.execute("SELECT pg_backend_pid()").fetchone()
            self.postmaster = int(Path(f"/proc/{own}/stat").read_text().rsplit(")", 1)[1].split()[1])

    def ended_cpu(self):
        return process_cpu(self.postmaster, of_children=True) if self.postmaster else 0.0

    def pids(self):
        if self.admin is None:
            return []
        rows = self.admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'", [self.name]
        )
        return [pid for (pid,) in rows]

    def close(self):
        if self.admin is not None:
            self.admin.close()


def load(server, backends, path, cookie, seconds, args):
    """wrk on one path: its rps, how many cores others used meanwhile, and how many PostgreSQL
    processes that ended meanwhile used (counted as Blognet's)."""
    ours = set(server.own_pids()) | set(backends.pids())
    before = {pid: process_cpu(pid) for pid in ours}
    ended = backends.ended_cpu()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    me, busy, started = time.process_time(), busy_cpu(), time.monotonic()
    result = subprocess.run(
        ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "-H", f"Cookie: {cookie}"]
        + [server.url(path)],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    )
    wall, busy = time.monotonic() - started, busy_cpu() - busy
    ours |= set(server.own_pids()) | set(backends.pids())  # a backend that started meanwhile counts whole
    used = sum(process_cpu(pid) - before.get(pid, 0.0) for pid in ours)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used += (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)  # wrk
    used += time.process_time() - me
    ended = backends.ended_cpu() - ended
    rps = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", result.stdout)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "others": max(0.0, busy - used - ended) / wall,
        "ended": ended / wall,
        "errors": (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0),
    }


def find_pages(url):
    """The pages to load, found by Django in this process (then its connection is closed)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blognet.settings")
    import django

    django.setup()
    from django.db import connections

    from benchmarks import targets

    pages, _ = targets.find_pages()
    connections.close_all()
    return [page for page in pages if page.key in PAGES], targets


def run(args, workdir):
    version = code_version()
    size = Size.parse(args.size)
    if args.reuse:
        url = os.environ.get("DATABASE_URL")
        if not url:
            raise SystemExit("--reuse needs DATABASE_URL: the database generate_data filled.")
        filled = "as it was"
    else:
        print(f"{size} posts/comments: filling a fresh database ...", file=sys.stderr, flush=True)
        url, seconds = fresh_database(size, url=os.environ.get("DATABASE_URL"), workdir=workdir)
        filled = f"{size} posts/comments, filled in {seconds:.0f} s"
    pages, targets = find_pages(url)
    static_root = Path(workdir) / "static"
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": url,
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
    }
    manage("collectstatic", "--noinput", "--verbosity", "0", url=url, extra_env=env)
    log = open(Path(workdir) / "gunicorn.log", "w")
    server = Gunicorn(env, args.workers, log)
    backends = Backends(url)
    try:
        server.start()
        cookie = log_in(server, targets.READER, targets.PASSWORD)
        (static_root / COPIES).mkdir()
        copies = {}
        for page in pages:
            status, _, body = server.get(page.url, cookie)
            problem = page.check(status, body)
            if problem:
                raise SystemExit(f"Not the real page: {problem}")
            copy = static_root / COPIES / f"{page.key}.{'xml' if page.key == 'feed' else 'html'}"
            copy.write_bytes(body)
            copies[page.key] = (f"/static/{COPIES}/{copy.name}", len(body))
        server.restart()  # whitenoise lists the static files when it starts
        for page in pages:
            static, length = copies[page.key]
            status, _, body = server.get(static, cookie)
            if status != 200 or len(body) != length:
                raise SystemExit(f"The static copy {static} is not served as written (status {status}).")
        print("warming up ...", file=sys.stderr, flush=True)
        for page in pages:
            load(server, backends, page.url, cookie, args.warmup, args)
            load(server, backends, copies[page.key][0], cookie, args.warmup, args)
        rows = []
        for page in pages:
            print(f"loading {page.name} ...", file=sys.stderr, flush=True)
            measured = load(server, backends, page.url, cookie, args.duration, args)
            static = load(server, backends, copies[page.key][0], cookie, args.duration, args)
            others = max(measured["others"], 0.0)
            rows.append(
                [
                    page.name,
                    f"{copies[page.key][1] / 1024:.0f}",
                    f"{measured['rps']:.1f}",
                    f"{measured['rps'] / max(CORES - others, 0.1):.1f}",
                    f"{others:.2f}",
                    f"{measured['ended']:.2f}",
                    f"{static['rps']:.0f}",
                    f"{measured['rps'] / static['rps']:.3f}" if static["rps"] else "-",
                    str(measured["errors"] + static["errors"]),
                ]
            )
        memory = [peak_memory_mb(pid) for pid in server.worker_pids()]
    finally:
        server.stop()
        backends.close()
        log.close()
    database = describe(url)
    print(
        f"\n{database} ({filled}), code {code_between(version)}; gunicorn --workers {args.workers}, "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {CORES} cores\n"
    )
    header = ["page", "KB", "rps", "rps per busy core", "others (cores)", "PG ended (cores)", "static rps"]
    header += ["× static", "errors"]
    print(table(header, rows))
    print(f"\nPeak memory (VmHWM) of the gunicorn workers: {', '.join(f'{mb:.0f} MB' for mb in memory)}.")


def _install_wrk():
    """wrk comes from Debian; installed here when this runs as root, as on the benchmark machine."""
    if shutil.which("wrk") is None and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, check=False, stdout=subprocess.DEVNULL)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing and could not be installed: apt-get install -y wrk")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="20000:100000", help="posts:comments to generate (200 staff)")
    parser.add_argument("--reuse", action="store_true", help="use the database DATABASE_URL names as it is")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page and per static copy")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of load per page before measuring")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    _install_wrk()
    # Stopped from outside (kill, a closed terminal): unwind through the finally that stops gunicorn.
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, lambda number, frame: sys.exit(128 + number))
    workdir = tempfile.mkdtemp(prefix="blognet-http-")
    try:
        run(args, workdir)
    except KeyboardInterrupt:
        raise SystemExit("Interrupted; gunicorn is stopped.") from None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
