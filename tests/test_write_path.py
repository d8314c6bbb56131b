"""One way in: every write of a post, from the editor, the Django admin or the demo, does the same."""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from blogs.models import Blog, Post, Tag
from blogs.services import save_post
from comments.models import Comment, Mention
from notifications.models import Follow, Notification


def admin_post_data(blog, author, **fields):
    data = {
        "blog": blog.pk,
        "author": author.pk,
        "title": "Vanuit beheer",
        "slug": "vanuit-beheer",
        "body": "Wat vind jij, @bob?",
        "status": "published",
        "published_at_0": timezone.localtime().strftime("%d-%m-%Y"),
        "published_at_1": timezone.localtime().strftime("%H:%M:%S"),
    }
    data.update(fields)
    return data


def test_a_post_published_in_the_django_admin_records_mentions_and_tells_people(client, admin_user, alice, bob):
    client.force_login(admin_user)
    response = client.post(reverse("admin:blogs_post_add"), admin_post_data(alice.personal_blog, alice))
    assert response.status_code == 302, response.content.decode()[:3000]
    post = Post.objects.get(slug="vanuit-beheer")
    assert post.is_published()
    assert list(Mention.objects.filter(post=post).values_list("user__username", flat=True)) == ["bob"]
    assert list(Notification.objects.filter(post=post).values_list("recipient__username", "kind")) == [
        ("bob", "mention")
    ]
    assert Follow.objects.filter(user=alice, post=post).exists()


def test_a_draft_saved_in_the_admin_tells_nobody(client, admin_user, alice, bob):
    client.force_login(admin_user)
    client.post(reverse("admin:blogs_post_add"), admin_post_data(alice.personal_blog, alice, status="draft"))
    post = Post.objects.get(slug="vanuit-beheer")
    assert not post.is_published()
    assert not Notification.objects.exists()


def test_import_style_save_can_stay_silent(alice, bob):
    post = save_post(
        Post(blog=alice.personal_blog, author=alice, title="Oud", body="Hoi @bob"), publish=True, announce=False
    )
    assert post.is_published()
    assert not Notification.objects.exists()
    assert not Mention.objects.exists()


def test_publishing_unpublishing_and_scheduling_through_the_editor(client, alice):
    client.force_login(alice)
    url = reverse("blogs:post_create", args=[alice.personal_blog.slug])
    client.post(url, {"title": "Plan", "body": "Tekst", "tag_names": "jeugd, Jeugd ,lezen", "publish": "1"})
    post = Post.objects.get(title="Plan")
    assert post.is_published()
    assert sorted(post.tags.values_list("name", flat=True)) == ["jeugd", "lezen"]
    first_moment = post.published_at
    edit = reverse("blogs:post_edit", args=[post.blog.slug, post.slug])
    client.post(edit, {"title": "Plan", "body": "Tekst", "tag_names": "jeugd"})  # "Opslaan als concept"
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    assert client.get(reverse("blogs:front_page")).content.decode().count("Plan") == 0
    later = timezone.localtime() + timezone.timedelta(days=2)
    client.post(
        edit, {"title": "Plan", "body": "Tekst", "published_at": later.strftime("%Y-%m-%dT%H:%M"), "publish": "1"}
    )
    post.refresh_from_db()
    assert post.is_scheduled()
    assert post.published_at != first_moment
    assert list(post.tags.values_list("name", flat=True)) == []


def test_a_comment_is_rendered_once_and_a_removal_renders_nothing(client, alice, bob, make_post, renders):
    post = make_post()
    renders.clear()
    client.force_login(bob)
    client.post(reverse("comments:comment_create", args=[post.pk]), {"body": "Eens, @alice!"})
    assert renders == ["Eens, @alice!"]
    comment = Comment.objects.get()
    assert Mention.objects.filter(comment=comment, user=alice).exists()
    renders.clear()
    client.post(reverse("comments:comment_remove", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.is_removed
    assert renders == []


def test_a_post_is_rendered_once_per_save(client, alice, bob, renders):
    client.force_login(alice)
    client.post(
        reverse("blogs:post_create", args=[alice.personal_blog.slug]),
        {"title": "Eén keer", "body": "Hoi @bob", "publish": "1"},
    )
    assert renders == ["Hoi @bob"]
    assert Notification.objects.filter(recipient=bob, kind="mention").count() == 1


def test_the_personeelsblog_is_known_by_its_field_not_its_address(client, alice, personeelsblog, make_post):
    personeelsblog.slug = "ons-blog"
    personeelsblog.save()
    make_post(blog=personeelsblog, title="Idee voor de zomer")
    client.force_login(alice)
    page = client.get(reverse("blogs:front_page")).content.decode()
    assert "Nieuw op het Personeelsblog" in page
    assert 'href="/blogs/ons-blog/"' in page
    assert Blog.objects.personeelsblog() == personeelsblog


def test_tags_are_found_case_insensitively_and_made_once(db):
    first = Tag.for_names(["leesclub"])
    assert Tag.for_names(["Leesclub", "leesclub"]) == first * 2
    assert Tag.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_writers_making_the_same_new_tag_at_once_both_succeed():
    """Thread A creates the tag and waits before committing; thread B tries to create it
    meanwhile. On PostgreSQL B's insert waits for A and then conflicts; on SQLite B waits for A's
    whole transaction (IMMEDIATE). Either way both get the one tag."""
    created = threading.Event()
    results, errors = {}, []

    def writer(name, hold):
        from django.db import transaction

        try:
            with transaction.atomic():
                results[name] = Tag.for_names(["zomerlezen"])[0].pk
                if hold:
                    created.set()
                    threading.Event().wait(0.5)
        except Exception as error:  # reported below, with the thread's name
            errors.append((name, error))
        finally:
            if hold:
                created.set()
            connection.close()

    a = threading.Thread(target=writer, args=("a", True))
    a.start()
    created.wait(10)
    b = threading.Thread(target=writer, args=("b", False))
    b.start()
    a.join(20)
    b.join(20)
    assert errors == []
    assert results["a"] == results["b"]
    assert Tag.objects.filter(name="zomerlezen").count() == 1


def test_the_tag_filter_offers_recent_tags_without_listing_all(client, alice, make_post):
    make_post(tags=["jeugd"])
    Tag.objects.bulk_create(Tag(name=f"ongebruikt{n}", slug=f"ongebruikt{n}") for n in range(300))
    client.force_login(alice)
    page = client.get(reverse("blogs:front_page")).content.decode()
    assert '<option value="jeugd">' in page
    assert "ongebruikt1" not in page
    assert "Leesclub op zaterdag" in client.get(reverse("blogs:front_page") + "?tag=Jeugd").content.decode()
    response = client.get(reverse("blogs:front_page") + "?tag=bestaat-niet")
    assert "Er is geen tag „bestaat-niet”." in response.content.decode()
