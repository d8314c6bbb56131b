"""The shared cache (REDIS_URL, blognet/cache.py) against a real redis-server of the tests' own.

Two "app servers" are two cache instances on the same Redis (each override of CACHES makes new ones,
with their own connections): what one makes, the other uses. Killing Redis costs nobody a page or
their login: fragments are made, sessions come from the database; and a Redis back again is used again.
"""

import logging
import os
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.test import override_settings
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blognet.ratelimit import allow
from blogs.models import Post
from blogs.services import save_post
from tests.redis_server import started_redis
from tests.workers import ROOT

SESSIONS = "django.contrib.sessions.backends.cached_db"


def app_server(redis_url):
    """The cache and sessions of one app server with REDIS_URL set (as blognet/settings.py makes them);
    RETRY_AFTER short, so that a test does not wait for the cache to be tried again."""
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "blognet.cache.FailOpenRedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "blognet",
                "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.5, "RETRY_AFTER": 0.2},
            }
        },
        SESSION_ENGINE=SESSIONS,
    )


@pytest.fixture
def redis_server(tmp_path):
    server = started_redis(tmp_path)
    yield server
    server.kill()


@pytest.fixture
def card_renders():
    """How many post cards were rendered (Django's test signal for every template rendered)."""
    names = []

    def seen(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(seen)
    yield lambda: names.count("blogs/includes/post_card.html")
    template_rendered.disconnect(seen)


def front(client):
    return client.get(reverse("blogs:front_page"))


def test_settings_use_redis_and_cached_sessions_only_when_redis_url_is_set():
    script = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "blognet.settings"}
    env.pop("REDIS_URL", None)

    def configured(**extra):
        command = [sys.executable, "-c", f"import django; django.setup(); {script}"]
        return subprocess.run(command, cwd=ROOT, env={**env, **extra}, capture_output=True, text=True, check=True)

    assert configured().stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
    ]
    assert configured(REDIS_URL="redis://127.0.0.1:6399/0").stdout.split() == [
        "blognet.cache.FailOpenRedisCache",
        SESSIONS,
    ]


def test_cards_made_on_one_app_server_are_used_by_the_other(client, alice, bob, make_post, redis_server, card_renders):
    for n in range(3):
        make_post(title=f"Bericht {n}")
    client.force_login(bob)
    with app_server(redis_server.url):
        first = front(client)
    assert card_renders() == 3
    assert redis_server.keys("blognet:*card:*")
    with app_server(redis_server.url):
        second = front(client)
    assert card_renders() == 3  # none made again
    assert second.status_code == 200
    assert first.content.count(b"Bericht ") == second.content.count(b"Bericht ") == 3


def test_an_edit_on_one_app_server_shows_on_the_other_at_its_next_request(client, alice, bob, make_post, redis_server):
    post = make_post(title="Leesclub op zaterdag")
    client.force_login(bob)
    with app_server(redis_server.url):
        assert b"Leesclub op zaterdag" in front(client).content
    with app_server(redis_server.url):
        post.title = "Leesclub op zondag"
        save_post(post, publish=True)
    with app_server(redis_server.url):
        page = front(client).content
    assert b"Leesclub op zondag" in page
    assert b"Leesclub op zaterdag" not in page


def test_a_login_on_one_app_server_is_read_from_redis_on_the_other(client, alice, redis_server):
    with app_server(redis_server.url):
        response = client.post(reverse("login"), {"username": "alice", "password": "wachtwoord-123"})
    assert response.status_code == 302
    assert redis_server.keys("blognet:*cached_db*")
    with app_server(redis_server.url), CaptureQueriesContext(connection) as queries:
        response = front(client)
    assert response.status_code == 200
    assert response.wsgi_request.user == alice
    # Read from Redis: the session's row is not looked up (a changed session is still written to it).
    assert not [q for q in queries if q["sql"].startswith("SELECT") and "django_session" in q["sql"]]


def test_with_redis_killed_pages_are_made_and_a_colleague_stays_logged_in(
    client, alice, bob, make_post, make_comment, redis_server, caplog
):
    post = make_post()
    make_comment(post, body="Goed idee!")
    with app_server(redis_server.url):
        client.post(reverse("login"), {"username": "bob", "password": "wachtwoord-123"})
        assert front(client).status_code == 200
        redis_server.kill()
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="blognet.cache"):
            pages = [
                front(client),
                client.get(post.get_absolute_url()),
                front(client),
                client.get(reverse("people:directory")),
            ]
        elapsed = time.monotonic() - started
    assert [page.status_code for page in pages] == [200] * 4
    assert all(page.wsgi_request.user == bob for page in pages)
    assert b"Goed idee!" in pages[1].content
    # Told once, not per request; and Redis is not waited for at every call of every page.
    assert caplog.text.count("cannot be reached") == 1
    assert elapsed < 4


def test_logging_in_while_redis_is_down_works_and_the_session_lands_in_redis_once_it_is_back(
    client, alice, redis_server
):
    with app_server(redis_server.url):
        redis_server.kill()
        response = client.post(reverse("login"), {"username": "alice", "password": "wachtwoord-123"})
        assert response.status_code == 302
        assert front(client).wsgi_request.user == alice
        redis_server.start()  # the same port, empty (no persistence)
        time.sleep(0.3)  # RETRY_AFTER
        assert front(client).wsgi_request.user == alice
    assert redis_server.keys("blognet:*cached_db*")
    assert redis_server.keys("blognet:*fragment:*")


def test_a_logout_while_redis_cannot_be_reached_does_not_bring_the_session_back(client, alice, redis_server):
    """Redis stopped (SIGSTOP: the network is cut, nothing is lost) while Alice logs out: the session's
    row is deleted, its copy in Redis could not be. Once Redis answers again the copy goes first."""
    with app_server(redis_server.url):
        client.post(reverse("login"), {"username": "alice", "password": "wachtwoord-123"})
        assert front(client).status_code == 200
        stolen = client.cookies["sessionid"].value
        redis_server.process.send_signal(subprocess.signal.SIGSTOP)
        try:
            assert client.post(reverse("logout")).status_code == 302
        finally:
            redis_server.process.send_signal(subprocess.signal.SIGCONT)
        assert redis_server.keys("blognet:*cached_db*")  # the old copy is still there
        time.sleep(0.3)  # RETRY_AFTER
        client.cookies["sessionid"] = stolen
        response = front(client)
    assert response.status_code == 302  # to the login page: the session is gone everywhere
    assert not redis_server.keys("blognet:*cached_db*" + stolen)


def test_rate_limits_count_in_redis_and_allow_everything_while_it_is_down(alice, redis_server):
    with app_server(redis_server.url):
        assert [allow("preview", alice.pk, limit=2, per_seconds=60) for _ in range(3)] == [True, True, False]
    with app_server(redis_server.url):  # the other app server counts on
        assert allow("preview", alice.pk, limit=2, per_seconds=60) is False
        redis_server.kill()
        assert all(allow("preview", alice.pk, limit=2, per_seconds=60) for _ in range(5))


def test_a_post_saved_while_redis_is_down_shows_on_every_app_server_once_it_is_back(
    client, alice, bob, make_post, redis_server
):
    post = make_post(title="Voor de storing")
    client.force_login(bob)
    with app_server(redis_server.url):
        assert b"Voor de storing" in front(client).content
    with app_server(redis_server.url):
        redis_server.process.send_signal(subprocess.signal.SIGSTOP)
        try:
            post.title = "Tijdens de storing"
            save_post(post, publish=True)
            assert b"Tijdens de storing" in front(client).content
        finally:
            redis_server.process.send_signal(subprocess.signal.SIGCONT)
    with app_server(redis_server.url):
        page = front(client).content
    assert b"Tijdens de storing" in page
    assert Post.objects.get().title == "Tijdens de storing"
