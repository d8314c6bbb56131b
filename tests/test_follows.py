"""Following a colleague and a blog (issue 10): their new posts reach you, marked on the front page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blognet.models import ContentGeneration
from blogs.models import Post
from blogs.services import save_post
from decisions import services as decisions
from notifications.models import BlogFollow, ColleagueFollow, EmailPreference, Follow, Notification


def follow_colleague(client, person, **data):
    return client.post(reverse("notifications:follow_colleague", args=[person.username]), data)


def follow_blog(client, blog, **data):
    return client.post(reverse("notifications:follow_blog", args=[blog.slug]), data)


def publish(author, title, *, blog=None, body="Nieuws.", published_at=None):
    post = Post(author=author, blog=blog or author.personal_blog, title=title, body=body)
    return save_post(post, tag_names=[], publish=True, published_at=published_at)


def told(user):
    return [(n.kind, n.text) for n in Notification.objects.filter(recipient=user)]


def test_following_a_colleague_from_their_profile_and_stopping(client, alice, bob):
    client.force_login(bob)
    profile = client.get(alice.get_absolute_url()).content.decode()
    assert "Volg Alice de Vries" in profile
    response = follow_colleague(client, alice, follow="1")
    assert response["Location"] == alice.get_absolute_url()
    follow_colleague(client, alice, follow="1")  # a double click follows once
    assert ColleagueFollow.objects.filter(user=bob, person=alice).count() == 1
    profile = client.get(alice.get_absolute_url()).content.decode()
    assert 'name="stop" value="1"' in profile and "Volg Alice de Vries" not in profile
    follow_colleague(client, alice, stop="1")
    follow_colleague(client, alice, stop="1")
    assert not ColleagueFollow.objects.exists()


def test_you_cannot_follow_yourself(client, alice):
    client.force_login(alice)
    assert "Volg Alice" not in client.get(alice.get_absolute_url()).content.decode()
    follow_colleague(client, alice, follow="1")
    assert not ColleagueFollow.objects.exists()


def test_following_a_blog_from_its_page(client, bob, team_blog):
    client.force_login(bob)
    assert "Volg dit blog" in client.get(team_blog.get_absolute_url()).content.decode()
    assert follow_blog(client, team_blog, follow="1")["Location"] == team_blog.get_absolute_url()
    assert BlogFollow.objects.filter(user=bob, blog=team_blog).exists()
    assert "Niet meer volgen" in client.get(team_blog.get_absolute_url()).content.decode()


def test_following_needs_a_login_and_a_colleague_who_exists(client, alice, make_user):
    assert follow_colleague(client, alice, follow="1").status_code == 302  # to the login
    client.force_login(alice)
    gone = make_user("vertrokken", is_active=False)
    assert follow_colleague(client, gone, follow="1").status_code == 404
    assert not ColleagueFollow.objects.exists()


def test_new_posts_of_followed_colleagues_and_blogs_reach_you_once(client, alice, bob, make_user, team_blog):
    carol, dirk = make_user("carol", display_name="Carol"), make_user("dirk")
    client.force_login(bob)
    follow_colleague(client, alice, follow="1")
    follow_blog(client, team_blog, follow="1")
    client.force_login(carol)
    follow_blog(client, team_blog, follow="1")
    post = publish(alice, "Leesclub", blog=team_blog)  # both reasons for Bob: one notification
    assert told(bob) == [("new_post", "Alice de Vries schreef een nieuw bericht: „Leesclub”")]
    assert told(carol) == [("new_post", "Alice de Vries schreef een nieuw bericht: „Leesclub”")]
    assert told(dirk) == []
    save_post(post, tag_names=[], publish=True)  # an edit tells nobody again
    publish(dirk, "Van Dirk", blog=team_blog)
    assert len(told(bob)) == 2 and told(alice) == []
    Notification.objects.filter(recipient=bob).update(read_at=timezone.now())
    client.force_login(bob)
    page = client.get(reverse("notifications:notification_list")).content.decode()
    assert "Dirk schreef een nieuw bericht: „Van Dirk”" in page


def test_a_mentioned_follower_hears_once_of_the_mention(alice, bob):
    ColleagueFollow.objects.create(user=bob, person=alice)
    publish(alice, "Hoi", body="Wat vind jij, @bob?")
    assert [kind for kind, _ in told(bob)] == ["mention"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_post_is_emailed_when_chosen(smtp, alice, bob, make_user):
    from django.core.management import call_command

    carol = make_user("carol")
    for person in (bob, carol):
        ColleagueFollow.objects.create(user=person, person=alice)
    EmailPreference.objects.create(user=bob, kinds={"new_post": True})
    publish(alice, "Nieuw in de collectie")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [message["To"] for message in smtp.messages] == [bob.email]
    assert "Alice de Vries schreef een nieuw bericht: „Nieuw in de collectie”" in smtp.messages[0]["Subject"]


# The worker closes its connection between tasks, as a real one does: commit for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_scheduled_post_reaches_followers_at_its_moment(alice, bob):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    ColleagueFollow.objects.create(user=bob, person=alice)
    post = publish(alice, "Straks", published_at=timezone.now() + datetime.timedelta(days=1))
    assert told(bob) == []  # he could not open it yet
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert told(bob) == []  # its moment has not come
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    DBTaskResult.objects.filter(task_path__endswith="announce_post").update(run_after=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert told(bob) == [("new_post", "Alice de Vries schreef een nieuw bericht: „Straks”")]


def test_followed_posts_are_marked_on_the_front_page_for_their_followers_only(client, alice, bob, make_user):
    carol = make_user("carol")
    ColleagueFollow.objects.create(user=bob, person=alice)
    publish(alice, "Van Alice")
    publish(carol, "Van Carol")
    client.force_login(carol)
    assert "Gevolgd</span>" not in client.get("/").content.decode()  # the same cached cards
    client.force_login(bob)
    page = client.get("/").content.decode()
    assert page.count("Gevolgd</span>") == 1
    alices_card = page[page.index("Van Alice") :].split("</article>")[0]
    assert "Gevolgd</span>" in alices_card


def test_the_followed_filter_shows_only_what_you_follow(client, alice, bob, make_user, team_blog):
    carol, dirk = make_user("carol"), make_user("dirk")
    ColleagueFollow.objects.create(user=bob, person=alice)
    BlogFollow.objects.create(user=bob, blog=team_blog)
    publish(alice, "Van Alice")
    publish(carol, "Van Carol op het teamblog", blog=team_blog)
    publish(dirk, "Van Dirk")
    client.force_login(bob)
    page = client.get("/", {"followed": "on"}).content.decode()
    assert "Van Alice" in page and "Van Carol op het teamblog" in page and "Van Dirk" not in page
    assert "Gevolgd: alleen van collega" in client.get("/").content.decode()
    client.force_login(dirk)  # follows nobody
    assert "Van Alice" not in client.get("/", {"followed": "on"}).content.decode()


def test_your_profile_lists_what_you_follow_and_lets_you_stop(client, alice, bob, make_user, team_blog, make_post):
    carol = make_user("carol", display_name="Carol Smit")
    theirs, mine = make_post(title="Het bericht van Alice"), make_post(author=bob, title="Mijn eigen")
    ColleagueFollow.objects.create(user=bob, person=carol)
    BlogFollow.objects.create(user=bob, blog=team_blog)
    Follow.objects.create(user=bob, post=theirs)
    Follow.objects.create(user=bob, post=mine)  # writers follow their own posts: not listed
    client.force_login(bob)
    page = client.get(bob.get_absolute_url()).content.decode()
    assert "Wat je volgt" in page
    assert "Carol Smit" in page and "Team Jeugd" in page and "Het bericht van Alice" in page
    assert "Mijn eigen</a> <span" not in page
    here = bob.get_absolute_url()
    for url in (
        reverse("notifications:follow_colleague", args=[carol.username]),
        reverse("notifications:follow_blog", args=[team_blog.slug]),
    ):
        assert client.post(url, {"stop": "1", "next": here})["Location"] == here
    response = client.post(reverse("notifications:follow_toggle", args=[theirs.pk]), {"next": here})
    assert response["Location"] == here
    assert not ColleagueFollow.objects.exists() and not BlogFollow.objects.exists()
    assert list(Follow.objects.values_list("post", flat=True)) == [mine.pk]
    # `next` never leads off the site.
    ColleagueFollow.objects.create(user=bob, person=carol)
    url = reverse("notifications:follow_colleague", args=[carol.username])
    assert client.post(url, {"stop": "1", "next": "https://elders.example/"})["Location"] == carol.get_absolute_url()
    assert "Wat je volgt" not in client.get(alice.get_absolute_url()).content.decode()  # only on your own


def test_a_proposal_on_a_blog_you_follow_reaches_you(alice, bob, personeelsblog, make_post):
    BlogFollow.objects.create(user=bob, blog=personeelsblog)
    idea = make_post(author=alice, blog=personeelsblog, title="Eén blog")
    decisions.open_proposal(
        idea, by=alice, body="Zo doen we het.", deadline=timezone.now() + datetime.timedelta(days=7)
    )
    assert [kind for kind, _ in told(bob)] == ["proposal_opened"]


def test_the_front_page_does_not_ask_more_with_more_follows(client, alice, bob, make_user):
    client.force_login(bob)
    client.get("/")

    def queries():
        ContentGeneration.bump()
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                client.get("/")
            counts.append(len(captured))
        return counts

    ColleagueFollow.objects.create(user=bob, person=alice)
    publish(alice, "Eerste")
    few = queries()
    for n in range(10):
        person = make_user(f"collega{n}")
        ColleagueFollow.objects.create(user=bob, person=person)
        publish(person, f"Bericht {n}")
    assert queries() == few
    # Filtered (which bypasses the cache): the count, the page and the marks each ask the follows.
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/", {"followed": "on"}).status_code == 200
    assert len([q for q in captured if "notifications_colleaguefollow" in q["sql"]]) == 3


def test_site_admins_see_the_follows_in_the_admin(client, admin_user, alice, bob, team_blog):
    ColleagueFollow.objects.create(user=bob, person=alice)
    BlogFollow.objects.create(user=bob, blog=team_blog)
    client.force_login(admin_user)
    assert "Alice de Vries" in client.get(reverse("admin:notifications_colleaguefollow_changelist")).content.decode()
    assert "Team Jeugd" in client.get(reverse("admin:notifications_blogfollow_changelist")).content.decode()


def test_the_demo_shows_reactions_and_follows(client, db):
    from django.core.management import call_command

    from comments.models import Reaction
    from people.models import User

    call_command("seed_demo", verbosity=0)
    assert Reaction.objects.filter(comment=None).count() > 20 and Reaction.objects.exclude(comment=None).exists()
    count = Reaction.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Reaction.objects.count() == count  # running it again changes nothing
    client.force_login(User.objects.get(username="demo"))
    page = client.get("/").content.decode()
    assert "Gevolgd</span>" in page and 'class="post-reactions' in page
