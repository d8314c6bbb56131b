"""Pieces of a Blognet cluster for tests/test_cluster.py: gunicorn app servers with production settings
and a browser-like HTTP client that logs in, fills in forms and counts what it got back."""

import os
import re
import secrets
import signal
import subprocess
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import requests

from tests.object_store import free_port

ROOT = Path(__file__).resolve().parent.parent


def production_environ(**extra):
    """DEBUG off as in production; plain http on loopback, so no redirect to https."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


class AppServer:
    """`gunicorn blognet.wsgi -w 2` on a free port, in a session of its own (stopped by its group)."""

    def __init__(self, name, env, log_path, workers=2):
        self.name = name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        command = [str(ROOT / ".venv/bin/gunicorn"), "blognet.wsgi", "--workers", str(workers)]
        command += ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_until_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.name} stopped: {self.log()[-5000:]}")
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn {self.name} did not answer /healthz: {self.log()[-5000:]}")

    def log(self):
        return Path(self.log_path).read_text(errors="replace")

    def stop(self):
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


class Forms(HTMLParser):
    """Every <form> of a page: its attributes and the fields a browser would send as it comes."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._textarea, self._select = [], None, None, None
        self.feed(html)

    def find(self, which):
        """The action and the fields of the first form whose action or id contains `which`, or that has a
        field `which`."""
        for attrs, fields in self.forms:
            if which in fields or which in attrs.get("action", "") + "#" + attrs.get("id", ""):
                return attrs.get("action", ""), fields
        raise AssertionError(f"no form {which!r}")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {}
            self.forms.append((attrs, self._form))
        if self._form is None:
            return
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if tag == "input" and name and kind not in ("submit", "button", "file", "image"):
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                self._form[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._form[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and ("selected" in attrs or self._select not in self._form):
            self._form[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            value = self._form[self._textarea]  # a browser drops the newline right after <textarea>
            self._form[self._textarea] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


class Colleague:
    """One person's browser: one cookie jar for every app server (as behind one load balancer's name).

    Django marks its cookies Secure when DEBUG is off; a browser would not send them over plain http,
    so the jar forgets that mark (the servers here are on loopback, without TLS)."""

    def __init__(self, username, password, tally):
        self.username, self.password, self.tally = username, password, tally
        self.http = requests.Session()

    def request(self, server, method, path, **options):
        options.setdefault("allow_redirects", False)
        options.setdefault("timeout", 30)
        try:
            response = self.http.request(method, server.base + path, **options)
        except requests.RequestException:
            self.tally["errors"] += 1
            raise
        for cookie in self.http.cookies:
            cookie.secure = False
        self.tally["requests"] += 1
        self.tally[f"requests {server.name}"] += 1
        if response.status_code >= 500:
            self.tally["5xx"] += 1
        return response

    def get(self, server, path, **options):
        return self.request(server, "GET", path, **options)

    def csrf_token(self):
        return self.http.cookies.get("csrftoken", "")

    def submit(self, server, page_path, which, changes=None, **options):
        """Fill in the form `which` on the page at `page_path` as it comes, with `changes`, and send it."""
        page = self.get(server, page_path)
        assert page.status_code == 200, (page_path, page.status_code)
        action, fields = Forms(page.text).find(which)
        return self.request(server, "POST", action or page_path, data={**fields, **(changes or {})}, **options)

    def log_in(self, server, login_path):
        response = self.submit(server, login_path, "username", {"username": self.username, "password": self.password})
        assert response.status_code == 302, (response.status_code, response.text[:500])

    def is_logged_in_on(self, server, path="/"):
        """The page itself (200), not a redirect to the login page."""
        return self.get(server, path).status_code == 200


def new_tally():
    return Counter()


def mail_key(message):
    """What makes a notification e-mail the same one: recipient, subject and its text (with the link)."""
    text = message.get_body(("plain",)).get_content()
    return (message["To"], message["Subject"], re.sub(r"\s+", " ", text).strip())
