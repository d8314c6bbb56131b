"""The pages: "Mijn oude blog overzetten" (upload, dry run, confirm, report) and the download of a blog."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from blogs.models import Post
from comments.models import Comment
from imports.models import PendingImport

FIXTURES = Path(__file__).parent / "imports"
START = reverse("imports:import_start")


def upload(client, blog, name="wordpress.xml", content=None, **fields):
    content = content if content is not None else (FIXTURES / name).read_bytes()
    data = {"file": SimpleUploadedFile(name, content, content_type="text/xml"), "blog": blog.pk, **fields}
    return client.post(START, data)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


# The task worker commits for real (the Personeelsblog from the data migration is restored afterwards).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_colleague_sees_the_dry_run_confirms_and_finds_the_blog_moved(client, alice):
    client.force_login(alice)
    response = upload(client, alice.personal_blog)
    pending = PendingImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:import_detail", args=[pending.pk])
    page = client.get(response.url).content.decode()
    assert "Dit komt er over" in page and "Er is nog niets veranderd." in page
    assert 'data-testid="posts-new">4<' in page and 'data-testid="comments-new">5<' in page
    assert "Joris Verhoeven" in page and "eigen naam, gemarkeerd als uit de import" in page
    assert "gemarkeerd als spam" in page and "een pagina" in page
    assert not Post.objects.exists()  # a dry run only

    client.post(reverse("imports:import_confirm", args=[pending.pk]))
    client.post(reverse("imports:import_confirm", args=[pending.pk]))  # a double click imports once
    run_worker()
    pending.refresh_from_db()
    assert pending.status == "done" and not pending.file
    page = client.get(reverse("imports:import_detail", args=[pending.pk])).content.decode()
    assert "Je oude blog is overgezet" in page and "Wat er is overgezet" in page
    assert Post.objects.filter(blog=alice.personal_blog).count() == 4
    assert Comment.objects.count() == 5


def test_pages_come_along_when_the_box_is_ticked(client, alice):
    client.force_login(alice)
    upload(client, alice.personal_blog, pages_as_posts="on")
    pending = PendingImport.objects.get()
    assert (
        'data-testid="posts-new">5<' in client.get(reverse("imports:import_detail", args=[pending.pk])).content.decode()
    )


def test_a_file_that_is_no_export_gets_a_clear_message_and_changes_nothing(client, alice):
    client.force_login(alice)
    response = upload(client, alice.personal_blog, name="cv.pdf", content=b"%PDF-1.7 not xml")
    assert response.status_code == 200
    assert "is geen export van Blogger of WordPress" in response.content.decode()
    laughs = b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><rss>&lol;</rss>'
    assert "DOCTYPE" in upload(client, alice.personal_blog, name="lol.xml", content=laughs).content.decode()
    assert not PendingImport.objects.exists() and not Post.objects.exists()


def test_an_upload_above_the_limit_is_refused(client, alice, settings):
    settings.BLOGNET_IMPORT_MAX_BYTES = 1000
    client.force_login(alice)
    response = upload(client, alice.personal_blog)
    assert "Dit bestand is te groot" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_cancelling_deletes_the_uploaded_file(client, alice):
    client.force_login(alice)
    upload(client, alice.personal_blog)
    pending = PendingImport.objects.get()
    path = Path(pending.file.path)
    assert path.exists()
    client.post(reverse("imports:import_confirm", args=[pending.pk]), {"action": "cancel"})
    assert not PendingImport.objects.exists() and not path.exists()


# Who may


def test_only_the_owner_imports_into_a_personal_blog(client, alice, bob):
    client.force_login(bob)
    response = upload(client, alice.personal_blog)
    assert response.status_code == 200 and not PendingImport.objects.exists()  # not a blog Bob may choose
    client.force_login(alice)
    upload(client, alice.personal_blog)
    pending = PendingImport.objects.get()
    client.force_login(bob)
    assert client.get(reverse("imports:import_detail", args=[pending.pk])).status_code == 404
    assert client.post(reverse("imports:import_confirm", args=[pending.pk])).status_code == 404
    assert PendingImport.objects.get().status == "checked" and not Post.objects.exists()


def test_editors_of_a_shared_blog_may_not_import_into_it_and_site_admins_may(
    client, bob, team_blog, make_editor, admin_user
):
    make_editor(bob)
    client.force_login(bob)
    upload(client, team_blog)
    assert not PendingImport.objects.exists()
    client.force_login(admin_user)
    response = upload(client, team_blog)
    assert response.status_code == 302
    assert PendingImport.objects.get().blog == team_blog


def test_visitors_who_are_not_logged_in_go_to_the_login_page(client):
    assert client.get(START).url.startswith(reverse("login"))


# Taking everything out


def test_a_colleague_downloads_their_blog_and_nobody_else_does(client, alice, bob, admin_user, make_post):
    make_post(title="Mijn eerste bericht")
    url = reverse("imports:export_download", args=[alice.personal_blog.slug])
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert f'filename="blognet-{alice.personal_blog.slug}-' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    xml_name = next(name for name in archive.namelist() if name.endswith(".xml"))
    assert "Mijn eerste bericht" in archive.read(xml_name).decode()
    client.force_login(bob)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["alice", "admin_user"])
def test_the_blog_page_offers_moving_to_those_who_may(client, alice, bob, admin_user, who):
    blog_page = alice.personal_blog.get_absolute_url()
    client.force_login({"alice": alice, "admin_user": admin_user}[who])
    page = client.get(blog_page).content.decode()
    assert "Oude blog overzetten" in page and "Blog downloaden" in page
    client.force_login(bob)
    page = client.get(blog_page).content.decode()
    assert "Oude blog overzetten" not in page and "Blog downloaden" not in page
