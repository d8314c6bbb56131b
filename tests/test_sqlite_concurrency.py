"""Two colleagues saving at the same moment on SQLite: both saves land, nobody sees "database is locked"."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WRITER = """
import django, sys
django.setup()
from django.db import transaction
from blogs.models import Post
from people.models import User
user = User.objects.get(username=sys.argv[1])
for n in range(40):
    with transaction.atomic():
        post = Post.objects.create(blog=user.personal_blog, author=user, title=f"{user.username} {n}", body="x")
        post.title += " (bewerkt)"
        post.save()
print("ok")
"""

SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from people.models import User
for name in ("anna", "bram"):
    User.objects.create_user(name, password="x")
"""


def test_simultaneous_saves_on_sqlite_all_land(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "blognet.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    subprocess.run([sys.executable, "-c", SETUP], env=env, cwd=ROOT, check=True, timeout=120)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, name],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("anna", "bram")
    ]
    results = [writer.communicate(timeout=120) for writer in writers]
    for (out, err), writer in zip(results, writers, strict=True):
        assert writer.returncode == 0, err
        assert "database is locked" not in err
        assert out.strip() == "ok"
    check = "import django; django.setup(); from blogs.models import Post; print(Post.objects.count())"
    count = subprocess.run([sys.executable, "-c", check], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert count.stdout.strip() == "80"
