import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse


def test_healthz_is_200_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["database"] is True


def test_healthz_is_503_when_the_database_does_not_answer():
    # A real Blognet process whose database server cannot be reached (nothing listens on port 1).
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz')\n"
        "print(r.status_code, r.json()['database'])\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "blognet.settings",
        "DATABASE_URL": "postgres://blognet@127.0.0.1:1/none",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["503", "False"], result.stderr
