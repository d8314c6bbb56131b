import io
import socket
from email import message_from_bytes, policy

import markdown
import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from blogs.models import Blog, Membership, Post
from people.models import User


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    from django.core.cache import cache

    cache.clear()  # rate limits count per user id, and ids come again in every test
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def make_user(db):
    def make(username, **fields):
        fields.setdefault("display_name", username.capitalize())
        fields.setdefault("email", f"{username}@bibliotheek.example")
        user = User.objects.create_user(username=username, password="wachtwoord-123", **fields)
        return user

    return make


@pytest.fixture
def alice(make_user):
    return make_user("alice", display_name="Alice de Vries", department="Jeugd")


@pytest.fixture
def bob(make_user):
    return make_user("bob", display_name="Bob Jansen", department="Collectie")


@pytest.fixture
def admin_user(make_user):
    return make_user("beheer", display_name="Beheerder", is_superuser=True, is_staff=True)


@pytest.fixture
def personeelsblog(db):
    """The Personeelsblog from the data migration. A transactional test after a browser test may
    find the database emptied without it (the live server's connection is not the one whose
    contents serialized_rollback saved), so it is made again as the migration makes it."""
    return Blog.objects.personeelsblog() or Blog.objects.create(
        slug="personeelsblog",
        title="Personeelsblog",
        tagline="Het blog van en voor alle medewerkers: ideeën, vragen en afspraken.",
        kind=Blog.Kind.SHARED,
        is_open_to_all=True,
        is_personeelsblog=True,
    )


@pytest.fixture
def team_blog(db):
    return Blog.objects.create(slug="team-jeugd", title="Team Jeugd", kind=Blog.Kind.SHARED)


@pytest.fixture
def make_editor(team_blog):
    def make(user, role=Membership.Role.EDITOR):
        return Membership.objects.create(blog=team_blog, user=user, role=role)

    return make


@pytest.fixture
def make_post(db, alice):
    def make(**fields):
        fields.setdefault("author", alice)
        fields.setdefault("blog", fields["author"].personal_blog)
        fields.setdefault("title", "Leesclub op zaterdag")
        fields.setdefault("body", "We starten een **leesclub** voor tieners.")
        fields.setdefault("status", Post.Status.PUBLISHED)
        if fields["status"] == Post.Status.PUBLISHED:
            fields.setdefault("published_at", timezone.now() - timezone.timedelta(hours=1))
        tags = fields.pop("tags", [])
        post = Post.objects.create(**fields)
        if tags:
            from blogs.models import Tag

            post.tags.set(Tag.for_names(tags))
        return post

    return make


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 30, 30), **save_options):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=fmt, **save_options)
    return out.getvalue()


@pytest.fixture
def make_comment(db, bob):
    from comments.services import add_comment

    def make(post, body="Goed idee!", author=None, parent=None, created_at=None):
        return add_comment(post=post, author=author or bob, body=body, parent=parent, created_at=created_at)

    return make


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    """A real SMTP server on 127.0.0.1 that can be stopped and started again on its port."""

    def __init__(self):
        self.inbox = Inbox()
        self.messages = self.inbox.messages
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    server.start()
    yield server
    server.stop()


@pytest.fixture
def managers(db):
    """The managers group from people's migration. Transactional tests flush the database and
    Django cannot restore a group's permissions afterwards (they get new ids), so it is made sure."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="Leidinggevenden")
    group.permissions.add(Permission.objects.get(codename="is_manager", content_type__app_label="people"))
    return group


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, as in production: WAL and its locks behave as they do
    there, and a real `manage.py db_worker` process (tests/workers.py) can open it too."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")


@pytest.fixture
def scripted_smtp():
    """Make hand-driven SMTP servers (tests/workers.py); they are closed after the test."""
    from tests.workers import ScriptedSmtp

    servers = []

    def make(**options):
        servers.append(ScriptedSmtp(**options))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


@pytest.fixture
def start_worker(transactional_db, tmp_path):
    """Start real `manage.py db_worker` processes; they are stopped before the database is emptied."""
    from tests.workers import WorkerProcess

    workers = []

    def start(smtp_port, **environ):
        workers.append(WorkerProcess(smtp_port, tmp_path / f"worker-{len(workers)}.log", **environ))
        return workers[-1]

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def renders(monkeypatch):
    """How often Python-Markdown converts a text (a spy on the library, not on our code)."""
    calls = []
    convert = markdown.Markdown.convert

    def counting(self, source):
        calls.append(source)
        return convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", counting)
    return calls


@pytest.fixture
def workers():
    """Two gunicorn workers: each a cache of its own in local memory, as in two processes."""
    names = ["worker-a", "worker-b"]
    for name in names:
        with as_worker(name):
            from django.core.cache import cache

            cache.clear()
    return names


def as_worker(name):
    return override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}}
    )
