"""DESIGN.md's permission table, row by row, for posts and blogs."""

import pytest
from django.urls import reverse

from blogs.models import Post


def edit_url(post):
    return reverse("blogs:post_edit", args=[post.blog.slug, post.slug])


def delete_url(post):
    return reverse("blogs:post_delete", args=[post.blog.slug, post.slug])


# --- read published posts ---------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login_by_default(client, make_post):
    post = make_post()
    for url in [
        reverse("blogs:front_page"),
        post.get_absolute_url(),
        post.blog.get_absolute_url(),
        reverse("people:directory"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_anonymous_visitor_reads_published_posts_when_the_site_allows_it(client, settings, make_post):
    settings.BLOGNET_ANONYMOUS_READING = True
    post = make_post(title="Open voor iedereen")
    draft = make_post(title="Geheim concept", status=Post.Status.DRAFT)
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert b"Open voor iedereen" in client.get(reverse("blogs:front_page")).content


def test_staff_member_reads_a_colleagues_published_post(client, bob, make_post):
    client.force_login(bob)
    assert client.get(make_post().get_absolute_url()).status_code == 200


# --- write ------------------------------------------------------------------------------


def test_staff_member_may_write_on_own_blog_and_the_personeelsblog(client, alice, personeelsblog):
    client.force_login(alice)
    assert client.get(reverse("blogs:post_create", args=[alice.personal_blog.slug])).status_code == 200
    assert client.get(reverse("blogs:post_create", args=[personeelsblog.slug])).status_code == 200


def test_nobody_writes_on_another_persons_personal_blog(client, alice, bob, admin_user):
    for user in (bob, admin_user):
        client.force_login(user)
        url = reverse("blogs:post_create", args=[alice.personal_blog.slug])
        assert client.get(url).status_code == 403
        response = client.post(url, {"title": "Ingebroken", "body": "x", "publish": "1"})
        assert response.status_code == 403
    assert not Post.objects.filter(title="Ingebroken").exists()


def test_choosing_anothers_blog_in_the_write_form_is_refused(client, alice, bob):
    client.force_login(bob)
    response = client.post(
        reverse("blogs:post_write"), {"blog": alice.personal_blog.pk, "title": "Stiekem", "body": "x", "publish": "1"}
    )
    assert response.status_code == 200
    assert "blog" in response.context["form"].errors
    assert not Post.objects.filter(title="Stiekem").exists()


def test_anonymous_cannot_write(client, alice):
    response = client.get(reverse("blogs:post_create", args=[alice.personal_blog.slug]))
    assert response.status_code == 302


def test_shared_blog_is_writable_only_with_a_role(client, bob, team_blog, make_editor):
    client.force_login(bob)
    url = reverse("blogs:post_create", args=[team_blog.slug])
    assert client.get(url).status_code == 403
    make_editor(bob, role="author")
    assert client.get(url).status_code == 200


# --- drafts -----------------------------------------------------------------------------


def test_another_persons_draft_is_404_everywhere(client, bob, make_post):
    draft = make_post(status=Post.Status.DRAFT, title="Nog niet af")
    client.force_login(bob)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(edit_url(draft)).status_code == 404
    assert client.get(delete_url(draft)).status_code == 404
    for url in [reverse("blogs:front_page"), draft.blog.get_absolute_url(), draft.author.get_absolute_url()]:
        assert b"Nog niet af" not in client.get(url).content


def test_author_sees_own_draft(client, alice, make_post):
    draft = make_post(status=Post.Status.DRAFT, title="Mijn concept")
    client.force_login(alice)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert b"Mijn concept" in client.get(draft.blog.get_absolute_url()).content
    assert b"Mijn concept" not in client.get(reverse("blogs:front_page")).content


def test_shared_blog_editor_sees_all_drafts_of_that_blog_and_author_only_own(
    client, alice, bob, make_user, team_blog, make_editor
):
    make_editor(alice, role="author")
    make_editor(bob, role="editor")
    carol = make_user("carol")
    make_editor(carol, role="author")
    draft = Post.objects.create(blog=team_blog, author=alice, title="Teamplan", body="x")
    client.force_login(bob)
    assert client.get(draft.get_absolute_url()).status_code == 200
    # On the blog's page, under "Concepten en ingeplande berichten"; Carol sees it nowhere, and a
    # profile lists published posts only.
    waiting = client.get(team_blog.get_absolute_url()).content.decode().split("Concepten en ingeplande berichten")
    assert len(waiting) == 2 and "Teamplan" in waiting[1].split("Gepubliceerd")[0]
    assert "Teamplan" not in client.get(alice.get_absolute_url()).content.decode()
    client.force_login(carol)
    assert client.get(draft.get_absolute_url()).status_code == 404
    page = client.get(team_blog.get_absolute_url()).content.decode()
    assert "Teamplan" not in page and "Concepten en ingeplande berichten" not in page


def test_site_admin_sees_every_draft(client, admin_user, make_post):
    draft = make_post(status=Post.Status.DRAFT)
    client.force_login(admin_user)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_scheduled_post_is_hidden_from_colleagues_until_its_time(client, bob, make_post):
    from django.utils import timezone

    post = make_post(title="Straks", published_at=timezone.now() + timezone.timedelta(days=1))
    client.force_login(bob)
    assert client.get(post.get_absolute_url()).status_code == 404
    assert b"Straks" not in client.get(reverse("blogs:front_page")).content


# --- edit / delete ----------------------------------------------------------------------


@pytest.mark.parametrize("url_for", [edit_url, delete_url])
def test_colleague_may_not_edit_or_delete_a_published_post(client, bob, make_post, url_for):
    post = make_post()
    client.force_login(bob)
    assert client.get(url_for(post)).status_code == 403
    assert client.post(url_for(post), {"title": "Gekaapt", "body": "x", "publish": "1"}).status_code == 403
    post.refresh_from_db()
    assert post.title == "Leesclub op zaterdag"


def test_owner_edits_and_deletes_own_post(client, alice, make_post):
    post = make_post()
    client.force_login(alice)
    assert client.get(edit_url(post)).status_code == 200
    assert client.post(delete_url(post)).status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()


def test_shared_blog_editor_edits_any_post_there_and_author_only_own(
    client, alice, bob, make_user, team_blog, make_editor
):
    make_editor(alice, role="author")
    make_editor(bob, role="editor")
    carol = make_user("carol")
    make_editor(carol, role="author")
    post = Post.objects.create(blog=team_blog, author=alice, title="Teamuitje", body="x", status="published")
    client.force_login(bob)
    assert client.get(edit_url(post)).status_code == 200
    client.force_login(carol)
    assert client.get(edit_url(post)).status_code == 403


def test_site_admin_edits_and_deletes_any_post(client, admin_user, make_post):
    post = make_post()
    client.force_login(admin_user)
    assert client.get(edit_url(post)).status_code == 200
    assert client.post(delete_url(post)).status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()


def test_delete_asks_for_confirmation_first(client, alice, make_post):
    post = make_post()
    client.force_login(alice)
    response = client.get(delete_url(post))
    assert "Weet je zeker" in response.content.decode()
    assert Post.objects.filter(pk=post.pk).exists()


def test_editor_of_one_shared_blog_has_no_rights_on_another(client, bob, make_editor, personeelsblog, alice):
    make_editor(bob, role="editor")
    post = Post.objects.create(blog=personeelsblog, author=alice, title="Kantine", body="x", status="published")
    client.force_login(bob)
    assert client.get(edit_url(post)).status_code == 403
