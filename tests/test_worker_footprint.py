"""What a web worker carries: the libraries of features a site has not switched on stay out of it.

Single sign-on (mozilla-django-oidc, requests, PyJWT), the directory login (python-ldap), object
storage (boto3) and the import (lxml, markdownify, Beautiful Soup) are some 50 MB together in each
gunicorn worker; they load where they are used, not with the URLs and the login page.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ["ldap", "django_auth_ldap", "mozilla_django_oidc", "requests", "jwt", "boto3", "lxml", "markdownify", "bs4"]

WORKER = r"""
import json, sys
import django
django.setup()
from django.test import Client
import blognet.urls
Client().get("/accounts/login/")
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_a_worker_without_sso_ldap_s3_or_an_import_loads_none_of_their_libraries():
    env = {name: value for name, value in os.environ.items() if not name.startswith(("OIDC_", "LDAP_", "S3_"))}
    env["DJANGO_SETTINGS_MODULE"] = "blognet.settings"
    result = subprocess.run(
        [sys.executable, "-c", WORKER],
        env=env,
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert loaded & set(HEAVY) == set()
