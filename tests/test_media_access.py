"""Uploads are as private as the posts: /media/<name> goes only to whom may see the file.

A post's image to whoever may read a post that shows it and to its uploader; with anonymous reading
on, published posts' images are public and nothing else; avatars to colleagues who are logged in;
anything else is not found, whatever the path. The links that decide it are kept by save_post.
(Every published post may be read by every colleague: there is no blog a colleague cannot read.)
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blogs.images import link_existing_images
from blogs.models import Post, PostImage
from blogs.services import delete_post, save_post
from imports.export import write_export
from imports.formats import read_export
from imports.importer import import_blog

from .conftest import image_bytes
from .test_query_plans import full_reads

JPEG = image_bytes("JPEG")


@pytest.fixture
def make_image(db):
    def make(uploaded_by, name="leesclub.jpg", content=JPEG):
        image = PostImage(alt_text="Kinderen lezen voor", uploaded_by=uploaded_by)
        image.image.save(name, ContentFile(content))
        return image

    return make


@pytest.fixture
def write(db):
    """A post written through the one write path, which links the images its text shows."""

    def write(author, body, *, publish=True, blog=None, by=None, published_at=None):
        post = Post(blog=blog or author.personal_blog, author=author, title="Leesclub", body=body)
        return save_post(post, publish=publish, published_at=published_at, by=by)

    return write


def fetch(client, image_or_url, user=None):
    if user is not None:
        client.force_login(user)
    url = image_or_url if isinstance(image_or_url, str) else image_or_url.image.url
    return client.get(url)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_published_posts_image_goes_to_colleagues_with_private_cache_headers(client, alice, bob, make_image, write):
    image = make_image(alice)
    write(alice, f"Kijk: {image.as_markdown()}")
    response = fetch(client, image, bob)
    assert response.status_code == 200
    assert body(response) == JPEG
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert image.image.url.startswith("/media/posts/")  # the addresses stored in the posts stay as they were


def test_anonymous_people_are_sent_to_log_in_when_reading_needs_a_login(client, alice, make_image, write):
    image = make_image(alice)
    write(alice, image.as_markdown())
    alice.avatar.save("alice.png", ContentFile(image_bytes("PNG")))
    for url in (image.image.url, alice.avatar.url, "/media/posts/onbekend.jpg"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_with_anonymous_reading_only_published_posts_images_are_public(
    client, settings, alice, make_image, write, make_post
):
    settings.BLOGNET_ANONYMOUS_READING = True
    published, draft, scheduled, unlinked = (make_image(alice, f"{n}.jpg") for n in ("a", "b", "c", "d"))
    write(alice, published.as_markdown())
    write(alice, draft.as_markdown(), publish=False)
    write(alice, scheduled.as_markdown(), published_at=timezone.now() + timezone.timedelta(days=2))
    alice.avatar.save("alice.png", ContentFile(image_bytes("PNG")))
    assert client.get(published.image.url).status_code == 200
    for hidden in (draft, scheduled, unlinked):
        assert client.get(hidden.image.url).status_code == 404
    assert client.get(alice.avatar.url).status_code == 404


def test_a_drafts_image_goes_only_to_its_author_the_blogs_editors_and_site_admins(
    client, alice, bob, make_user, admin_user, team_blog, make_editor, make_image, write
):
    editor = make_user("redacteur")
    make_editor(editor)
    make_editor(alice, role="author")
    image = make_image(alice)
    write(alice, image.as_markdown(), publish=False, blog=team_blog)
    for reader, status in ((alice, 200), (editor, 200), (admin_user, 200), (bob, 404)):
        assert fetch(client, image, reader).status_code == status, reader


def test_an_image_just_uploaded_goes_to_its_uploader_only(client, alice, bob, make_image):
    image = make_image(alice)
    assert fetch(client, image, alice).status_code == 200
    assert fetch(client, image, bob).status_code == 404


def test_the_editors_upload_shows_at_once_and_to_colleagues_once_published(client, alice, bob):
    client.force_login(alice)
    uploaded = client.post(
        reverse("blogs:image_upload"),
        {"image": io.BytesIO(JPEG), "alt_text": "Een volle leeszaal"},
        headers={"Accept": "application/json"},
    ).json()
    assert client.get(uploaded["url"]).status_code == 200  # the preview shows it to the uploader
    data = {"blog": alice.personal_blog.pk, "title": "Zaal", "body": uploaded["markdown"], "tag_names": ""}
    client.post(reverse("blogs:post_write"), {**data, "save": "1"})  # a draft
    assert fetch(client, uploaded["url"], bob).status_code == 404
    post = Post.objects.get(title="Zaal")
    client.force_login(alice)
    client.post(reverse("blogs:post_edit", args=[alice.personal_blog.slug, post.slug]), {**data, "publish": "1"})
    assert Post.objects.get(pk=post.pk).is_published()
    assert fetch(client, uploaded["url"], bob).status_code == 200


def test_an_image_in_a_published_and_a_draft_post_goes_to_readers_of_the_published_one(
    client, settings, alice, bob, make_image, write
):
    image = make_image(alice)
    published = write(alice, image.as_markdown())
    write(alice, f"Nog eens: {image.as_markdown()}", publish=False)
    assert fetch(client, image, bob).status_code == 200
    settings.BLOGNET_ANONYMOUS_READING = True
    client.logout()
    assert client.get(image.image.url).status_code == 200
    save_post(published, publish=False)  # back to a draft: only the draft posts show it now
    assert client.get(image.image.url).status_code == 404
    assert fetch(client, image, bob).status_code == 404


def test_naming_someone_elses_image_in_your_own_post_does_not_make_it_yours(client, alice, bob, make_image, write):
    secret = make_image(alice, "verrassing.jpg")
    write(alice, secret.as_markdown(), publish=False)
    stolen = write(bob, f"Geraden: ![x]({secret.image.url})", publish=False)
    assert not stolen.images.exists()
    assert fetch(client, secret, bob).status_code == 404


def test_an_image_a_colleague_may_see_can_be_shown_in_their_post_too(client, alice, bob, make_image, write):
    image = make_image(alice)
    write(alice, image.as_markdown())
    quoted = write(bob, f"Zoals Alice liet zien: {image.as_markdown()}")
    assert list(quoted.images.all()) == [image]


def test_an_image_taken_out_of_the_text_is_unlinked_and_an_editor_restoring_it_links_it_again(
    client, alice, bob, make_user, team_blog, make_editor, make_image, write
):
    editor = make_user("redacteur")
    make_editor(editor)
    make_editor(alice, role="author")
    image = make_image(alice)
    post = write(alice, image.as_markdown(), blog=team_blog)
    post.body = "Toch zonder foto."
    save_post(post, publish=True, by=alice)
    assert not post.images.exists()
    assert fetch(client, image, bob).status_code == 404
    assert fetch(client, image, alice).status_code == 200  # still the uploader's
    post.body = image.as_markdown()
    save_post(post, publish=True, by=editor)  # the author uploaded it and no post shows it
    assert fetch(client, image, bob).status_code == 200


def test_avatars_go_to_colleagues_who_are_logged_in(client, alice, bob):
    alice.avatar.save("alice.png", ContentFile(image_bytes("PNG")), save=False)
    alice.avatar_thumbnail.save("alice.png", ContentFile(image_bytes("PNG", size=(8, 8))))
    assert client.get(alice.avatar.url).status_code == 302
    assert fetch(client, alice.avatar.url, bob).status_code == 200
    assert fetch(client, alice.avatar_thumbnail.url, bob).status_code == 200
    removed = alice.avatar.url
    alice.avatar = alice.avatar_thumbnail = ""
    alice.save()
    assert fetch(client, removed, bob).status_code == 404  # a removed photo is nobody's any more


@pytest.mark.parametrize(
    "url",
    [
        "/media/../db.sqlite3",
        "/media/posts/../../blognet/settings.py",
        "/media/posts/%2e%2e/%2e%2e/manage.py",
        "/media/posts/..%2f..%2fmanage.py",
        "/media/posts\\..\\..\\manage.py",
        "/media//etc/passwd",
        "/media/./posts/leesclub.jpg",
        "/media/posts//leesclub.jpg",
        "/media/",
        "/media/posts/",
        "/media/imports/export.zip",
        "/media/posts/bestaat-niet.jpg",
    ],
)
def test_paths_outside_the_uploads_and_unknown_files_are_not_found(client, alice, admin_user, make_image, url):
    make_image(alice)
    for user in (alice, admin_user):
        assert fetch(client, url, user).status_code == 404


def test_a_stored_image_whose_file_is_gone_is_not_found(client, alice, make_image, write):
    image = make_image(alice)
    write(alice, image.as_markdown())
    image.image.storage.delete(image.image.name)
    assert fetch(client, image, alice).status_code == 404


def test_only_reading_is_answered(client, alice, make_image):
    image = make_image(alice)
    client.force_login(alice)
    assert client.head(image.image.url).status_code == 200
    assert client.post(image.image.url).status_code == 405


def test_behind_nginx_the_answer_is_empty_and_names_the_file_for_nginx(client, settings, alice, bob, make_image, write):
    settings.BLOGNET_MEDIA_ACCEL_REDIRECT = "/protected-media/"
    image = make_image(alice, "zaal één.jpg")
    write(alice, image.as_markdown())
    response = fetch(client, image, bob)
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-media/" + image.image.name.replace("één", "%C3%A9%C3%A9n")
    assert response["X-Accel-Redirect"].endswith("/zaal_%C3%A9%C3%A9n.jpg")  # nginx decodes it
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=3600"
    hidden = make_image(alice, "concept.jpg")
    refused = fetch(client, hidden, bob)
    assert refused.status_code == 404
    assert "X-Accel-Redirect" not in refused


def test_deleting_a_post_deletes_its_own_images_and_keeps_shared_ones(
    alice, make_image, write, django_capture_on_commit_callbacks
):
    own, shared = make_image(alice, "eigen.jpg"), make_image(alice, "gedeeld.jpg")
    post = write(alice, f"{own.as_markdown()} {shared.as_markdown()}")
    other = write(alice, shared.as_markdown())
    storage = own.image.storage
    with django_capture_on_commit_callbacks(execute=True):
        delete_post(post)
    assert list(PostImage.objects.all()) == [shared]
    assert not storage.exists(own.image.name)
    assert storage.exists(shared.image.name)
    assert list(shared.posts.all()) == [other]


def test_a_deletion_rolled_back_keeps_the_files(alice, make_image, write, django_capture_on_commit_callbacks):
    image = make_image(alice)
    post = write(alice, image.as_markdown())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_post(post)
    assert len(callbacks) == 1  # the files go only once the deletion is committed
    assert image.image.storage.exists(image.image.name)


def test_the_data_migration_links_existing_posts_to_the_images_their_texts_show(alice, bob, make_image, make_post):
    first, second, accented = make_image(alice, "een.jpg"), make_image(bob, "twee.jpg"), make_image(alice, "café.jpg")
    # Written past save_post, as before the links were kept: nothing linked yet.
    both = make_post(body=f"{first.as_markdown()}\n\n{second.as_markdown()}\n\n{first.as_markdown()}")
    one = make_post(author=bob, body=f"![Twee](/media/{second.image.name}) en {accented.as_markdown()}")
    elsewhere = make_post(body=f"![x](https://elders.example/media/{first.image.name}) ![y](/media/posts/weg.jpg)")
    assert accented.image.url.endswith("/caf%C3%A9.jpg")  # a text holds the quoted address
    assert not PostImage.posts.through.objects.exists()

    link_existing_images()
    link_existing_images()  # safe to run again
    assert set(both.images.all()) == {first, second}
    assert set(one.images.all()) == {second, accented}
    assert not elsewhere.images.exists()
    assert PostImage.posts.through.objects.count() == 4


def test_an_admins_import_into_a_team_blog_links_the_images_to_the_imported_posts(
    client, settings, alice, bob, admin_user, team_blog, make_image, write
):
    settings.BLOGNET_SITE_URL = "https://blognet.bibliotheek.example"
    image = make_image(alice)
    write(alice, f"Kijk: {image.as_markdown()}")
    out = io.BytesIO()
    write_export(out, blogs=[alice.personal_blog])
    out.seek(0)
    report = import_blog(read_export(out), blog=team_blog, by=admin_user)
    assert report.images_new == 1
    imported = Post.objects.get(blog=team_blog)
    assert imported.author == alice
    (copy,) = imported.images.all()
    assert copy.uploaded_by == admin_user
    assert fetch(client, copy, bob).status_code == 200


def test_serving_an_image_takes_a_fixed_small_number_of_queries(
    client, settings, alice, bob, make_image, write, make_post, django_assert_num_queries
):
    image = make_image(alice)
    write(alice, image.as_markdown())
    for n in range(5):  # more posts, images and links change nothing
        write(alice, make_image(alice, f"meer-{n}.jpg").as_markdown())
    fetch(client, image, bob)  # the first request of a visit also notes the visit
    with django_assert_num_queries(3):  # the session, the user, the image
        assert client.get(image.image.url).status_code == 200
    client.logout()
    settings.BLOGNET_ANONYMOUS_READING = True
    with django_assert_num_queries(1):
        assert client.get(image.image.url).status_code == 200


def test_the_images_query_finds_its_rows_through_indexes(client, alice, bob, make_image, write):
    image = make_image(alice)
    write(alice, image.as_markdown())
    fetch(client, image, bob)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(image.image.url).status_code == 200
    (query,) = [query["sql"] for query in queries.captured_queries if "blogs_postimage" in query["sql"]]
    assert full_reads(query, None) == []
