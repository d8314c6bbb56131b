#!/usr/bin/env python3
"""Blognet's two commands, needing nothing but Python 3.11+ and git:

    python3 dev.py run     set up, load the demo library, serve on http://127.0.0.1:8000/
    python3 dev.py test    set up and run every test (browser tests included)

and a few more: `lint`, `check-deploy`, `messages`. Setting up means: a virtual environment in
.venv with the dependencies from pyproject.toml, installed again only when that file changes.
"""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".installed"


def sh(*command, **kwargs):
    print("+", " ".join(str(part) for part in command), flush=True)
    return subprocess.run([str(part) for part in command], cwd=ROOT, **kwargs).returncode


def must(*command, **kwargs):
    code = sh(*command, **kwargs)
    if code:
        sys.exit(code)


def setup():
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever python3 the machine has
        sys.exit("Blognet needs Python 3.11 or newer.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        must(sys.executable, "-m", "venv", VENV)
    must(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    must(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[test]")
    STAMP.write_text(wanted)


def manage(*args):
    must(PYTHON, "manage.py", *args)


def install_browser():
    """The browser tests drive Debian's Chromium: installed here when we may, else they say why."""
    if shutil.which("chromium"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if sh("apt-get", "update", "-qq", env=env) == 0:
            sh("apt-get", "install", "-y", "-qq", "chromium", "fonts-dejavu-core", env=env, stdout=subprocess.DEVNULL)
    if not shutil.which("chromium"):
        print("Chromium is not installed: the browser tests will be skipped (apt-get install chromium).")


def run(host="127.0.0.1", port="8000"):
    setup()
    manage("migrate", "--noinput")
    manage("seed_demo")
    print(f"\n  Blognet runs at http://{host}:{port}/  (stop with Ctrl+C)")
    print("  Demo login: username 'demo', password 'blognet-demo'")
    print("  A task worker runs beside it: notification e-mail is printed here.\n", flush=True)
    worker = subprocess.Popen([str(PYTHON), "manage.py", "db_worker", "--interval", "2"], cwd=ROOT)
    try:
        return sh(PYTHON, "manage.py", "runserver", f"{host}:{port}")
    except KeyboardInterrupt:
        return 0
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)


def test(*pytest_args):
    setup()
    install_browser()
    return sh(PYTHON, "-m", "pytest", *pytest_args)


def lint():
    setup()
    return sh(VENV / "bin" / "ruff", "check", ".") or sh(VENV / "bin" / "ruff", "format", "--check", ".")


def check_deploy():
    setup()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "check-deploy-" + hashlib.sha256(os.urandom(32)).hexdigest(),
        "ALLOWED_HOSTS": "blognet.example.org",
    }
    return sh(PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)


def messages():
    """Update and compile the English translation (makemessages needs GNU gettext)."""
    setup()
    manage("makemessages", "-l", "en", "--no-obsolete", "--ignore=.venv", "--ignore=staticfiles", "--ignore=tests")
    manage("compilemessages", "-l", "en", "--ignore=.venv")
    return 0


COMMANDS = {"run": run, "test": test, "lint": lint, "check-deploy": check_deploy, "messages": messages}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    if sys.argv[1] == "run":
        sys.exit(run(os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000")))
    sys.exit(COMMANDS[sys.argv[1]](*sys.argv[2:]))
