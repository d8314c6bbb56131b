"""Uploads in a private S3-compatible bucket (S3_BUCKET, blognet/storage.py), against a real SeaweedFS.

Posts keep Blognet's own /media/ addresses; /media/ checks who may see the file and redirects to a
signed address that works for S3_SIGNED_URL_SECONDS; the bucket gives nothing to anyone else. An
object store that cannot be reached makes the upload fail with a clear message and stores no row.
"""

import os
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blogs.models import Post, PostImage
from blogs.services import delete_post, save_post
from tests.conftest import image_bytes
from tests.object_store import ACCESS_KEY, BUCKET, SECRET_KEY, free_port
from tests.object_store import object_store as _object_store
from tests.workers import ROOT

object_store = _object_store  # the session's store, as a fixture of this module
JPEG = image_bytes("JPEG", size=(80, 60))


def s3_storage(endpoint_url, **options):
    """STORAGES["default"] as blognet/settings.py makes it from the S3_* variables."""
    return {
        "BACKEND": "blognet.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": endpoint_url,
            "region_name": "us-east-1",
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "addressing_style": "path",
            **options,
        },
    }


@pytest.fixture
def in_bucket(settings, object_store):
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(object_store.endpoint_url)}
    return object_store.client()


@pytest.fixture
def unreachable_store(settings):
    """S3_ENDPOINT_URL at a port nobody listens on."""
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(f"http://127.0.0.1:{free_port()}")}


def upload(client, content=JPEG, name="foto.jpg", json=True):
    headers = {"Accept": "application/json"} if json else {}
    data = {"image": SimpleUploadedFile(name, content), "alt_text": "Een volle leeszaal"}
    return client.post(reverse("blogs:image_upload"), data, headers=headers)


def stored(client, key):
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def test_settings_put_uploads_in_the_bucket_only_when_s3_bucket_is_set():
    script = (
        "from django.conf import settings as s; d = s.STORAGES['default']; o = d.get('OPTIONS', {}); "
        "print(d['BACKEND'], o.get('default_acl'), o.get('querystring_expire'), o.get('file_overwrite'), "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "blognet.settings"}
    for name in ("S3_BUCKET", "S3_ENDPOINT_URL", "S3_SIGNED_URL_SECONDS"):
        env.pop(name, None)

    def configured(**extra):
        command = [sys.executable, "-c", f"import django; django.setup(); {script}"]
        return subprocess.run(command, cwd=ROOT, env={**env, **extra}, capture_output=True, text=True, check=True)

    assert configured().stdout.split()[0] == "django.core.files.storage.FileSystemStorage"
    assert configured(S3_BUCKET="media", S3_ENDPOINT_URL="https://s3.bibliotheek.example:9000").stdout.split() == [
        "blognet.storage.PrivateS3Storage",
        "None",
        "60",
        "False",
        "https://s3.bibliotheek.example:9000",  # an <img> redirected there is allowed by the CSP
    ]


def test_an_upload_goes_to_the_bucket_and_the_editor_gets_blognets_own_address(client, alice, in_bucket):
    client.force_login(alice)
    response = upload(client)
    assert response.status_code == 200
    image = PostImage.objects.get()
    assert response.json()["url"] == image.image.url == f"/media/{image.image.name}"
    assert f"(/media/{image.image.name})" in response.json()["markdown"]
    assert image.image.name.startswith("posts/")
    assert stored(in_bucket, image.image.name)[:2] == b"\xff\xd8"  # a JPEG, re-encoded


def test_the_media_address_redirects_a_colleague_to_a_short_lived_signed_address(client, alice, bob, in_bucket):
    client.force_login(alice)
    upload(client)
    name = PostImage.objects.get().image.name
    post = save_post(
        Post(blog=alice.personal_blog, author=alice, title="Foto", body=f"![x](/media/{name})"), publish=True
    )
    assert f'src="/media/{name}"' in post.body_html  # the post keeps Blognet's address, never a signed one

    client.force_login(bob)
    response = client.get(f"/media/{name}")
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    signed = response["Location"]
    assert signed.startswith(f"{in_bucket.meta.endpoint_url}/{BUCKET}/{name}?")
    assert parse_qs(urlsplit(signed).query)["X-Amz-Expires"] == ["60"]
    fetched = requests.get(signed, timeout=10)
    assert fetched.status_code == 200
    assert fetched.content == stored(in_bucket, name)
    assert fetched.headers["Cache-Control"] == "private, max-age=3600"


def test_the_bucket_gives_nothing_without_a_signature_and_nothing_to_whom_may_not_see_it(client, alice, bob, in_bucket):
    client.force_login(alice)
    upload(client)
    name = PostImage.objects.get().image.name
    assert requests.get(f"{in_bucket.meta.endpoint_url}/{BUCKET}/{name}", timeout=10).status_code == 403
    client.force_login(bob)
    assert client.get(f"/media/{name}").status_code == 404  # in no post yet: alice's alone
    client.logout()
    assert client.get(f"/media/{name}").status_code == 302  # to the login page
    assert client.get(f"/media/{name}")["Location"].startswith(reverse("login"))


def test_two_uploads_of_the_same_name_are_two_objects(client, alice, bob, in_bucket):
    client.force_login(alice)
    upload(client, image_bytes("JPEG", color=(10, 10, 10)), name="leesclub.jpg")
    client.force_login(bob)
    upload(client, image_bytes("JPEG", color=(250, 250, 250)), name="leesclub.jpg")
    first, second = PostImage.objects.order_by("pk")
    assert first.image.name != second.image.name
    assert stored(in_bucket, first.image.name) != stored(in_bucket, second.image.name)


def test_deleting_a_post_deletes_its_image_from_the_bucket(
    client, alice, in_bucket, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    upload(client)
    name = PostImage.objects.get().image.name
    post = save_post(
        Post(blog=alice.personal_blog, author=alice, title="Foto", body=f"![x](/media/{name})"), publish=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        delete_post(post)
    with pytest.raises(in_bucket.exceptions.NoSuchKey):
        in_bucket.get_object(Bucket=BUCKET, Key=name)


def test_an_avatar_goes_to_the_bucket_and_pages_show_blognets_address(client, alice, bob, in_bucket):
    client.force_login(alice)
    photo = SimpleUploadedFile("ik.jpg", image_bytes(size=(300, 300)), content_type="image/jpeg")
    data = {"display_name": "Alice de Vries", "department": "Jeugd", "bio": "", "avatar": photo}
    assert client.post(reverse("people:profile_edit"), data).status_code == 302
    alice.refresh_from_db()
    assert stored(in_bucket, alice.avatar_thumbnail.name)
    client.force_login(bob)
    page = client.get(reverse("people:profile", args=["alice"])).content.decode()
    assert f'src="/media/{alice.avatar.name}"' in page or f'src="/media/{alice.avatar_thumbnail.name}"' in page
    assert "X-Amz-" not in page
    assert client.get(f"/media/{alice.avatar_thumbnail.name}").status_code == 302


def test_an_unreachable_object_store_gives_the_editor_a_clear_json_error_and_stores_no_row(
    client, alice, unreachable_store, caplog
):
    client.force_login(alice)
    started = time.monotonic()
    response = upload(client)
    assert time.monotonic() - started < 20
    assert response.status_code == 503
    assert "kon niet worden opgeslagen" in response.json()["error"]
    assert not PostImage.objects.exists()
    assert any(r.levelname == "ERROR" and isinstance(r.exc_info[1], OSError) for r in caplog.records if r.exc_info)


def test_an_unreachable_object_store_gives_the_upload_page_a_clear_message(client, alice, unreachable_store):
    client.force_login(alice)
    response = upload(client, json=False)
    assert response.status_code == 503
    assert "kon niet worden opgeslagen" in response.content.decode()
    assert not PostImage.objects.exists()


def test_an_avatar_that_cannot_reach_the_object_store_changes_nothing(client, alice, unreachable_store):
    client.force_login(alice)
    photo = SimpleUploadedFile("ik.jpg", image_bytes(), content_type="image/jpeg")
    data = {"display_name": "Alice Nieuw", "department": "Jeugd", "bio": "", "avatar": photo}
    response = client.post(reverse("people:profile_edit"), data)
    assert response.status_code == 503
    assert "kon niet worden opgeslagen" in response.content.decode()
    alice.refresh_from_db()
    assert (alice.display_name, alice.avatar.name) == ("Alice de Vries", "")
