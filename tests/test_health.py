import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse


def test_healthz_is_200_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["database"] is True


def test_healthz_is_200_for_a_logged_in_browser(client, alice):
    client.force_login(alice)
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize(
    "cookies",
    [
        {},
        # A monitor or a colleague's browser that still carries a session: the session, auth and
        # visit middleware would read the database before the check could answer.
        {"sessionid": "k3q7x0m8v2n5c4b6z1l9j8h7g6f5d4s3", "csrftoken": "x" * 32},
    ],
    ids=["no cookie", "session cookie"],
)
def test_healthz_is_503_when_the_database_does_not_answer(cookies):
    # A real Blognet process whose database server cannot be reached (nothing listens on port 1).
    script = (
        "import sys, django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(raise_request_exception=False)\n"
        "for cookie in sys.argv[1:]: client.cookies.load(cookie)\n"
        "r = client.get('/healthz')\n"
        "print(r.status_code, r.json()['database'] if r.status_code != 500 else '-')\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "blognet.settings",
        "DATABASE_URL": "postgres://blognet@127.0.0.1:1/none",
        "DEBUG": "false",
        "SECRET_KEY": "health-test-" + "x" * 50,
        "SECURE_SSL_REDIRECT": "false",
    }
    result = subprocess.run(
        [sys.executable, "-c", script, *(f"{name}={value}" for name, value in cookies.items())],
        env=env,
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["503", "False"], result.stdout + result.stderr[-3000:]
