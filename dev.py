#!/usr/bin/env python3
"""Blognet's two commands, needing nothing but Python 3.11+ and git:

    python3 dev.py run     set up, load the demo library, serve on http://127.0.0.1:8000/
    python3 dev.py test    set up and run every test (browser tests included)

and a few more: `lint`, `check-deploy`, `messages`. Setting up means: a virtual environment in
.venv with the dependencies from pyproject.toml, installed again only when that file changes.
"""

import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".installed"
DEMO_PASSWORD = "blognet-demo"  # demo/content.py


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
    install_ldap_headers()
    must(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[test]")
    STAMP.write_text(wanted)


def install_ldap_headers():
    """python-ldap (LDAP login: people/ldap_login.py) is published without wheels, so pip compiles it
    against OpenLDAP's and Cyrus SASL's headers: installed here when we may, else we say what is needed."""
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    if subprocess.run([str(PYTHON), "-c", "import ldap"], **quiet).returncode == 0:
        return  # built before
    needed = [] if Path("/usr/include/ldap.h").exists() else ["libldap2-dev"]
    needed += [] if Path("/usr/include/sasl/sasl.h").exists() else ["libsasl2-dev"]
    if not needed:
        return
    needed += [] if shutil.which("cc") else ["gcc"]
    needed += [] if (Path(sysconfig.get_paths()["include"]) / "Python.h").exists() else ["python3-dev"]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if sh("apt-get", "update", "-qq", env=env) == 0:
            sh("apt-get", "install", "-y", "-qq", *needed, env=env, stdout=subprocess.DEVNULL)
    else:
        print(f"python-ldap is compiled from source and needs: sudo apt-get install {' '.join(needed)}")


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
    # HOST and PORT also make the address in e-mail links (blognet/settings.py, BLOGNET_SITE_URL).
    env = {**os.environ, "HOST": host, "PORT": port, "PYTHONUNBUFFERED": "1"}
    if not env.get("EMAIL_HOST"):
        env.setdefault("EMAIL_FILE_PATH", str(ROOT / "sent-mail"))
    manage("migrate", "--noinput")
    manage("seed_demo")
    worker = subprocess.Popen(
        [str(PYTHON), "manage.py", "db_worker", "--interval", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = WorkerOutput(worker.stdout)
    server = subprocess.Popen([str(PYTHON), "manage.py", "runserver", f"{host}:{port}"], cwd=ROOT, env=env)
    try:
        # What to do comes last: after the start-up output of the server and of the worker, which
        # first sends the demo's e-mail (a line each).
        output.wait_until_quiet()
        if _wait_for_server(host, port, server):
            print(_banner(host, port, env), flush=True)
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        _stop(server)
        _stop(worker)


def _stop(process):
    """Ctrl+C in the terminal reaches the process too: give it a moment, then ask, then insist."""
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


class WorkerOutput:
    """Passes the worker's lines on to this terminal, without the two routine lines of every task."""

    ROUTINE = re.compile(r"^Task id=\S+ path=\S+ state=(RUNNING|SUCCESSFUL)$")

    def __init__(self, stream):
        self.started = threading.Event()
        self.last_line = time.monotonic()
        threading.Thread(target=self.pass_on, args=[stream], daemon=True).start()

    def pass_on(self, stream):
        for line in stream:
            self.last_line = time.monotonic()
            if not self.ROUTINE.match(line.strip()):
                print(line, end="", flush=True)
            if "Starting worker" in line:
                self.started.set()
        self.started.set()  # it stopped: nothing more to wait for

    def wait_until_quiet(self, quiet=2.0, at_most=60.0):
        """Until the worker has started and said nothing for `quiet` seconds (or `at_most` passed)."""
        deadline = time.monotonic() + at_most
        self.started.wait(timeout=at_most)
        while time.monotonic() < deadline and time.monotonic() - self.last_line < quiet:
            time.sleep(0.2)


def _wait_for_server(host, port, server, seconds=60):
    """True once the development server accepts connections; False when it stopped or never did."""
    address = "127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host == "::" else host.strip("[]")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with socket.create_connection((address, int(port)), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def _banner(host, port, env):
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else f"[{host}]" if ":" in host else host
    if env.get("EMAIL_HOST"):
        mail = f"E-mail goes to the mail server {env['EMAIL_HOST']}."
    else:
        mail = f"E-mail goes into {env['EMAIL_FILE_PATH']}/, one line each here (open a .eml to read it)."
    return "\n".join(
        [
            "",
            f"  Blognet runs at http://{shown}:{port}/  (stop with Ctrl+C)",
            f"  Log in with password '{DEMO_PASSWORD}' as 'demo' (a colleague), 'wilma' (a manager:",
            "  the participation dashboard) or 'beheerder' (site admin: Beheer and /admin/)",
            f"  A task worker runs beside it. {mail}",
            "",
        ]
    )


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
