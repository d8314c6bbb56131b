import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
from notifications.models import Follow, Notification


def kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_comment_on_your_post_notifies_you(alice, bob, make_post, make_comment):
    make_comment(make_post(), author=bob)
    assert kinds(alice) == ["comment"]
    assert kinds(bob) == []  # nobody hears of their own action


def test_reply_that_also_mentions_gives_one_notification(alice, bob, make_user, make_post, make_comment):
    carol = make_user("carol")
    post = make_post()
    first = make_comment(post, author=carol)
    make_comment(post, author=bob, parent=first, body="@carol, eens!")
    assert kinds(carol) == ["reply"]


def test_followers_hear_of_new_comments_and_can_unfollow(client, alice, bob, make_user, make_post, make_comment):
    carol = make_user("carol")
    post = make_post()
    make_comment(post, author=carol)  # carol now follows
    make_comment(post, author=bob)
    assert kinds(carol) == ["followed"]
    client.force_login(carol)
    client.post(reverse("notifications:follow_toggle", args=[post.pk]))
    assert not Follow.objects.filter(user=carol, post=post).exists()
    make_comment(post, author=bob, body="Nog een")
    assert kinds(carol) == ["followed"]


def test_follow_any_post(client, alice, bob, make_user, make_post, make_comment):
    carol = make_user("carol")
    post = make_post()
    client.force_login(carol)
    client.post(reverse("notifications:follow_toggle", args=[post.pk]))
    make_comment(post, author=bob)
    assert kinds(carol) == ["followed"]


def test_mention_in_a_post_notifies(client, alice, bob):
    client.force_login(alice)
    client.post(
        reverse("blogs:post_create", args=[alice.personal_blog.slug]),
        {"title": "Hoi", "body": "@bob kijk even", "publish": "1"},
    )
    assert kinds(bob) == ["mention"]


def test_notification_page_lists_and_opens_and_marks_read(client, alice, bob, make_post, make_comment):
    comment = make_comment(make_post(title="Leesclub"), author=bob)
    client.force_login(alice)
    page = client.get(reverse("notifications:notification_list")).content.decode()
    assert "Bob Jansen reageerde op je bericht „Leesclub”" in page
    notification = Notification.objects.get(recipient=alice)
    response = client.get(notification.get_absolute_url())
    assert response.url == comment.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_notification_about_a_comment_removed_since_says_so(client, alice, bob, make_post, make_comment):
    from comments.services import remove_comment

    comment = make_comment(make_post(title="Leesclub"), author=bob, body="Iets wat ik terugneem")
    remove_comment(comment, by=bob)
    client.force_login(alice)
    page = client.get(reverse("notifications:notification_list")).content.decode()
    item = page.split("Bob Jansen reageerde op je bericht „Leesclub”")[1].split("</li>")[0]
    assert "Deze reactie is verwijderd." in item
    # The link leads to its place in the thread, which says the same and shows no text.
    thread = client.get(Notification.objects.get(recipient=alice).target_url()).content.decode()
    assert "Deze reactie is verwijderd." in thread and "Iets wat ik terugneem" not in thread


def test_a_shown_comment_has_no_removed_note(client, alice, bob, make_post, make_comment):
    make_comment(make_post(title="Leesclub"), author=bob)
    client.force_login(alice)
    assert "Deze reactie is verwijderd." not in client.get(reverse("notifications:notification_list")).content.decode()


def test_bell_shows_unread_count_in_one_query(client, alice, bob, make_post, make_comment):
    post = make_post()
    make_comment(post, author=bob)
    make_comment(post, author=bob, body="nog een")
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("blogs:front_page")).content.decode()
    assert 'data-testid="unread-count">2<' in page
    assert len([q for q in queries if "notifications_notification" in q["sql"]]) == 1
    client.post(reverse("notifications:notification_mark_all_read"))
    assert "unread-count" not in client.get(reverse("blogs:front_page")).content.decode()


def test_the_bell_does_not_count_a_comment_removed_since(client, alice, bob, make_post, make_comment):
    from comments.services import remove_comment, restore_comment

    post = make_post()
    make_comment(post, author=bob, body="blijft staan")
    taken_back = make_comment(post, author=bob, body="Iets wat ik terugneem")
    remove_comment(taken_back, by=bob)
    client.force_login(alice)
    assert 'data-testid="unread-count">1<' in client.get(reverse("blogs:front_page")).content.decode()
    restore_comment(Comment.objects.get(pk=taken_back.pk))
    assert 'data-testid="unread-count">2<' in client.get(reverse("blogs:front_page")).content.decode()


def test_other_peoples_notifications_are_404(client, alice, bob, make_post, make_comment):
    make_comment(make_post(), author=bob)
    notification = Notification.objects.get(recipient=alice)
    client.force_login(bob)
    assert client.get(notification.get_absolute_url()).status_code == 404


# The worker closes its connection between tasks, as a real one does: commit for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_scheduled_post_announces_its_mentions_when_it_appears(client, alice, bob):
    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    client.force_login(alice)
    later = timezone.localtime() + timezone.timedelta(days=1)
    data = {
        "title": "Straks",
        "body": "@bob lees dit",
        "publish": "1",
        "published_at": later.strftime("%Y-%m-%dT%H:%M"),
    }
    client.post(reverse("blogs:post_create", args=[alice.personal_blog.slug]), data)
    assert kinds(bob) == []  # he could not open it yet
    from blogs.models import Post

    Post.objects.filter(title="Straks").update(published_at=timezone.now() - timezone.timedelta(minutes=1))
    DBTaskResult.objects.filter(task_path__endswith="announce_post").update(run_after=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert kinds(bob) == ["mention"]


def test_a_mention_added_by_editing_notifies_once(client, alice, bob, make_user, make_post):
    carol = make_user("carol")
    post = make_post(body="@bob kijk")
    client.force_login(alice)
    edit = reverse("blogs:post_edit", args=[post.blog.slug, post.slug])
    for _ in range(2):
        client.post(edit, {"title": post.title, "body": "@bob kijk, en @carol ook", "publish": "1"})
    assert kinds(carol) == ["mention"]
    assert kinds(bob) == ["mention"]  # once, though the post was saved twice


def test_the_list_counts_at_most_the_newest_ten_pages(client, alice, bob, make_post):
    """A colleague of some years has thousands of notifications: the list counts 301 at the most,
    whatever their history, and says there are more."""
    post = make_post()
    Notification.objects.bulk_create(
        Notification(recipient=alice, actor=bob, kind="comment", post=post) for _ in range(320)
    )
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("notifications:notification_list")).content.decode()
    assert "Pagina 1 van meer dan 10" in page
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "read_at" not in q["sql"]]
    assert len(counts) == 1 and "LIMIT 301" in counts[0]
