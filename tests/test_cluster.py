"""Two app servers, two task workers, one database, one Redis, one object store: a cluster as the
README's "Grote installatie" describes it, driven over HTTP as colleagues' browsers would.

gunicorn A and B (two workers each, DEBUG off) and two `manage.py db_worker` run against the test
database (a file on SQLite, the test database on PostgreSQL), a redis-server and SeaweedFS of the
test's own and an SMTP server. Colleagues log in on one server and go on on the other; an edit on
one shows on the other at once; an image uploaded on one comes from the other out of the bucket;
every notification e-mail arrives exactly once; and Redis killed halfway costs no page and no login.
"""

import subprocess
import sys
import time
from collections import Counter

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from blogs.models import Post
from notifications.models import Notification
from tests.cluster import AppServer, Colleague, mail_key, new_tally, production_environ
from tests.conftest import image_bytes
from tests.object_store import BUCKET
from tests.object_store import object_store as _object_store
from tests.redis_server import started_redis
from tests.workers import ROOT, database_url, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
object_store = _object_store  # the session's store, as a fixture of this module

PASSWORD = "wachtwoord-123"
MAIL_TASK = "notifications.emails.send_notification_email"
# Who each comment names, and on which server it is written; Bob and Alice take turns.
COMMENTS = [
    ("A", "bob", ["carol"]),
    ("B", "alice", ["dave", "erik"]),
    ("A", "bob", ["erik"]),
    ("B", "alice", ["carol", "bob"]),
    ("A", "bob", ["dave"]),
    ("B", "alice", ["erik", "carol"]),
]


@pytest.fixture
def cluster(tmp_path, smtp, object_store, start_worker):
    """The servers, the workers and Redis, all stopped again before the test database is emptied."""
    redis = started_redis(tmp_path)
    env = production_environ(
        DATABASE_URL=database_url(),
        REDIS_URL=redis.url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        STATIC_ROOT=str(tmp_path / "static"),
        BLOGNET_SITE_URL="http://blognet.bibliotheek.example",
        **object_store.environ(),
    )
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    servers = {name: AppServer(name, env, tmp_path / f"gunicorn-{name}.log") for name in "AB"}
    worker_env = {key: env[key] for key in ("DEBUG", "SECRET_KEY", "REDIS_URL", "STATIC_ROOT", "BLOGNET_SITE_URL")}
    workers = [start_worker(smtp.port, **worker_env, **object_store.environ()) for _ in range(2)]
    try:
        for server in servers.values():
            server.wait_until_ready()
        yield servers, workers, redis
    finally:
        for server in servers.values():
            server.stop()
        redis.kill()


def outbox_drained(smtp, expected):
    unfinished = DBTaskResult.objects.filter(task_path=MAIL_TASK, status__in=["READY", "RUNNING"])
    return len(smtp.messages) >= expected and not unfinished.exists()


def test_two_app_servers_share_logins_pages_uploads_and_mail_and_survive_redis_going_down(
    settings, make_user, cluster, smtp, object_store
):
    servers, workers, redis = cluster
    A, B = servers["A"], servers["B"]  # noqa: N806 (the servers' names)
    # The app servers check passwords with the production hasher, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    people = {name: make_user(name) for name in ("alice", "bob", "carol", "dave", "erik")}
    for person in people.values():
        person.set_password(PASSWORD)
        person.save()
    tally = new_tally()
    alice, bob = (Colleague(name, PASSWORD, tally) for name in ("alice", "bob"))
    login = reverse("login")

    # Logged in on A, and on B with the same cookie.
    alice.log_in(A, login)
    bob.log_in(B, login)
    assert alice.is_logged_in_on(B) and bob.is_logged_in_on(A)

    # Alice writes on A; B shows it, and shows her edit at its next request.
    created = alice.submit(
        A,
        reverse("blogs:post_create", args=["alice"]),
        "post-form",
        {"title": "Leesclub op zaterdag", "body": "Wie doet er mee?", "publish": "1"},
    )
    assert created.status_code == 302, created.text[:2000]
    post = Post.objects.get()
    assert "Leesclub op zaterdag" in bob.get(B, "/").text
    assert "Leesclub op zaterdag" in bob.get(B, post.get_absolute_url()).text

    uploaded = alice.request(
        A,
        "POST",
        reverse("blogs:image_upload"),
        files={"image": ("leeszaal.jpg", image_bytes("JPEG", size=(120, 90)))},
        data={"alt_text": "Een volle leeszaal"},
        headers={"Accept": "application/json", "X-CSRFToken": alice.csrf_token()},
    )
    assert uploaded.status_code == 200, uploaded.text
    image = uploaded.json()
    assert image["url"].startswith("/media/posts/")
    edit = reverse("blogs:post_edit", args=["alice", post.slug])
    edited = alice.submit(
        A,
        edit,
        "post-form",
        {"title": "Leesclub op zondag", "body": f"Wie doet er mee?\n\n{image['markdown']}", "publish": "1"},
    )
    assert edited.status_code == 302, edited.text[:2000]
    front, page = bob.get(B, "/").text, bob.get(B, post.get_absolute_url()).text
    assert "Leesclub op zondag" in front and "Leesclub op zaterdag" not in front
    assert f'src="{image["url"]}"' in page and "X-Amz-" not in page

    # The picture through B: the permission check, then the bucket, byte for byte.
    redirect = bob.get(B, image["url"])
    assert redirect.status_code == 302
    assert redirect.headers["Cache-Control"] == "private, no-store"
    assert redirect.headers["Location"].startswith(object_store.endpoint_url)
    picture = bob.get(B, image["url"], allow_redirects=True)
    key = image["url"].removeprefix("/media/")
    assert picture.content == object_store.client().get_object(Bucket=BUCKET, Key=key)["Body"].read()

    # Comments naming colleagues, on A and B in turn: every e-mail once, with two workers sending.
    expected = 0
    for server_name, author, named in COMMENTS:
        writer = alice if author == "alice" else bob
        body = "Goed plan, " + " ".join(f"@{name}" for name in named)
        sent = writer.submit(servers[server_name], post.get_absolute_url(), "comments/post/", {"body": body})
        assert sent.status_code == 302, sent.text[:2000]
        # Each colleague named, and Alice when someone else comments on her post (unless named already).
        expected += len(set(named) - {author}) + int(author != "alice" and "alice" not in named)

    # Redis goes down: nobody notices but the administrator reading the log.
    assert redis.keys("blognet:*cached_db*") and redis.keys("blognet:*card:*")  # it was in use
    redis.kill()
    outage = tally["requests"]
    for _ in range(3):
        for server in (A, B):
            for person in (alice, bob):
                assert person.is_logged_in_on(server)
                assert person.get(server, post.get_absolute_url()).status_code == 200
                assert person.get(server, reverse("people:directory")).status_code == 200
    sent = bob.submit(A, post.get_absolute_url(), "comments/post/", {"body": "Ook zonder cache: @carol"})
    assert sent.status_code == 302
    expected += 2  # carol, and alice whose post it is
    assert "Ook zonder cache" in alice.get(B, post.get_absolute_url()).text
    during_outage = tally["requests"] - outage

    # Redis back on the same port, empty: once the servers try it again, it is used again.
    redis.start()
    assert wait_for(lambda: alice.get(A, "/") and bob.get(B, "/") and redis.keys("blognet:*fragment:*"), timeout=30)
    assert alice.is_logged_in_on(B) and bob.is_logged_in_on(A)

    assert wait_for(lambda: outbox_drained(smtp, expected), timeout=60), [w.log() for w in workers]
    time.sleep(1)  # a mail sent twice would come in now
    delivered = [mail_key(message) for message in smtp.messages]
    mail_tasks = DBTaskResult.objects.filter(task_path=MAIL_TASK)
    figures = {
        "requests": tally["requests"],
        "on A": tally["requests A"],
        "on B": tally["requests B"],
        "during the Redis outage": during_outage,
        "errors": tally["errors"],
        "5xx": tally["5xx"],
        "mails expected": expected,
        "mail tasks": mail_tasks.count(),
        "mails delivered": len(delivered),
        "distinct mails": len(set(delivered)),
        "mail tasks per worker": sorted(
            Counter(w for ids in mail_tasks.values_list("worker_ids", flat=True) for w in ids).values()
        ),
    }
    print("\ncluster: " + ", ".join(f"{name} {value}" for name, value in figures.items()))
    assert tally["errors"] == tally["5xx"] == 0
    assert len(delivered) == len(set(delivered)) == expected == mail_tasks.count()
    assert not mail_tasks.exclude(status="SUCCESSFUL").exists()
    assert not Notification.objects.filter(emailed_at__isnull=True, kind__in=["mention", "comment"]).exists()
    logs = [server.log() for server in servers.values()]
    assert all("cannot be reached" in log for log in logs)  # both really went on without Redis
    assert not any("Traceback" in log for log in logs), logs
