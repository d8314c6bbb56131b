"""Reading Blognet: filters, what is new since the previous visit, conversations, reach."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blogs.models import PostRead
from people.models import User


def front(client, **params):
    return client.get(reverse("blogs:front_page"), params).content.decode()


def test_front_page_filters_by_blog_person_department_and_tag(client, alice, bob, make_post, personeelsblog):
    make_post(title="Alice jeugd", tags=["jeugd"])
    make_post(title="Bob personeel", author=bob, blog=personeelsblog)
    make_post(title="Bob collectie", author=bob, tags=["collectie"])
    client.force_login(alice)
    assert "Bob personeel" in front(client, blog="personeelsblog")
    assert "Alice jeugd" not in front(client, blog="personeelsblog")
    page = front(client, person="bob")
    assert "Bob collectie" in page and "Alice jeugd" not in page
    assert "Bob collectie" in front(client, person="Jansen")
    page = front(client, department="Jeugd")
    assert "Alice jeugd" in page and "Bob collectie" not in page
    page = front(client, tag="collectie")
    assert "Bob collectie" in page and "Bob personeel" not in page
    assert "Geen berichten gevonden" in front(client, tag="collectie", person="alice")


def test_filters_keep_pagination_links(client, alice, make_post):
    for n in range(25):
        make_post(title=f"Jeugd {n}", tags=["jeugd"])
    client.force_login(alice)
    assert "tag=jeugd&amp;page=2" in front(client, tag="jeugd")


def test_unknown_filter_value_shows_everything_not_an_error(client, alice, make_post):
    make_post(title="Zichtbaar")
    client.force_login(alice)
    response = client.get(reverse("blogs:front_page"), {"tag": "bestaat-niet"})
    assert response.status_code == 200
    assert "Zichtbaar" in response.content.decode()


def test_sidebar_shows_most_discussed_this_week_and_latest_comments(client, alice, bob, make_post, make_comment):
    quiet = make_post(title="Rustig bericht")
    busy = make_post(title="Druk bericht")
    make_comment(quiet, "Eentje")
    for n in range(3):
        make_comment(busy, f"Reactie {n}")
    make_comment(quiet, "Oude reactie", created_at=timezone.now() - timezone.timedelta(days=10))
    client.force_login(alice)
    page = front(client)
    discussed = page.split('id="most-discussed-heading"')[1].split("</section>")[0]
    assert discussed.index("Druk bericht") < discussed.index("Rustig bericht")
    assert "3 nieuwe reacties" in discussed
    latest = page.split('id="latest-comments-heading"')[1].split("</section>")[0]
    assert "Bob Jansen" in latest and "Druk bericht" in latest


def test_posts_and_comments_since_the_previous_visit_are_marked_new(client, alice, bob, make_post, make_comment):
    seen = make_post(title="Al gezien", published_at=timezone.now() - timezone.timedelta(days=2))
    User.objects.filter(pk=alice.pk).update(last_seen_at=timezone.now() - timezone.timedelta(days=1))
    make_post(title="Sindsdien", author=bob)
    make_comment(seen, "Nieuwe reactie", author=bob)
    client.force_login(alice)
    page = front(client)
    card_new = page.split("Sindsdien")[0].rsplit("<article", 1)[1]
    card_seen = page.split("Al gezien</a>")[0].rsplit("<article", 1)[1]
    assert "nieuw" in card_new
    assert "nieuw" not in card_seen
    thread = client.get(seen.get_absolute_url()).content.decode().split("comment-thread")[1]
    assert "nieuw" in thread


def test_first_visit_marks_nothing_new(client, bob, make_post):
    make_post(title="Iets")
    client.force_login(bob)
    assert ">nieuw<" not in front(client)


def test_reach_counts_colleagues_once_and_only_the_author_sees_who(client, alice, bob, make_user, make_post):
    post = make_post()
    carol = make_user("carol")
    for reader in (bob, carol, bob):
        client.force_login(reader)
        client.get(post.get_absolute_url())
    client.force_login(alice)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Gelezen door 2 collega's" in page
    assert PostRead.objects.filter(post=post).count() == 2  # the author's own views do not count
    readers = client.get(reverse("blogs:post_readers", args=[post.blog.slug, post.slug])).content.decode()
    assert "Bob Jansen" in readers and "Carol" in readers
    client.force_login(bob)
    assert client.get(reverse("blogs:post_readers", args=[post.blog.slug, post.slug])).status_code == 403


def test_reading_a_post_writes_at_most_once_and_not_for_the_author(client, alice, bob, make_post):
    from blogs.models import PostRead

    post = make_post()
    for reader in (bob, alice):
        client.force_login(reader)
        client.get(post.get_absolute_url())  # the visit and the read are recorded on the first view
        with CaptureQueriesContext(connection) as queries:
            client.get(post.get_absolute_url())
        changes = [q for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
        assert changes == []  # reading again takes no write lock
    assert list(PostRead.objects.values_list("user__username", flat=True)) == ["bob"]


def test_directory_filters_by_department(client, alice, bob):
    client.force_login(alice)
    page = client.get(reverse("people:directory"), {"department": "Collectie"}).content.decode()
    listing = page.split("<main")[1]
    assert "Bob Jansen" in listing
    assert "Alice de Vries" not in listing


def test_directory_shows_each_colleagues_latest_post_and_comment(client, alice, bob, make_post, make_comment):
    make_post(title="Oud bericht", published_at=timezone.now() - timezone.timedelta(days=3))
    post = make_post(title="Nieuw bericht")
    make_post(title="Geheim concept", status="draft")
    make_comment(post, "Eerste", author=bob)
    client.force_login(bob)
    listing = client.get(reverse("people:directory")).content.decode().split("<main")[1]
    cards = listing.split('<li class="col-sm-6')
    alice_card = next(card for card in cards if "@alice" in card)
    bob_card = next(card for card in cards if "@bob" in card)
    assert "Nieuw bericht" in alice_card and "Oud bericht" not in alice_card and "Geheim" not in alice_card
    assert "Laatste reactie:" in bob_card and "Nieuw bericht" in bob_card


def test_profile_shows_recent_comments(client, alice, bob, make_post, make_comment):
    make_comment(make_post(title="Leesclub"), "Ik ben erbij", author=bob)
    client.force_login(alice)
    page = client.get(bob.get_absolute_url()).content.decode()
    assert "Ik ben erbij" in page
    assert "Leesclub" in page


def test_comments_on_a_post_taken_back_to_draft_leave_the_sidebar_and_feeds(
    client, alice, bob, make_post, make_comment
):
    from blogs.models import Post

    post = make_post(title="Teruggetrokken")
    make_comment(post, "Geheime reactie", author=bob)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)
    client.force_login(bob)
    page = front(client)
    assert "Geheime reactie" not in page and "Teruggetrokken" not in page
    assert client.get(reverse("comments:post_comments_feed", args=[post.pk])).status_code == 404
    assert "Teruggetrokken" not in client.get(bob.get_absolute_url()).content.decode()


def test_most_discussed_counts_follow_removal_and_restoring(client, alice, bob, make_post, make_comment):
    from comments.services import remove_comment, restore_comment

    busy = make_post(title="Druk bericht")
    comments = [make_comment(busy, f"Reactie {n}") for n in range(3)]
    remove_comment(comments[0], by=bob)
    client.force_login(alice)
    discussed = front(client).split('id="most-discussed-heading"')[1].split("</section>")[0]
    assert "2 nieuwe reacties" in discussed
    restore_comment(comments[0])
    discussed = front(client).split('id="most-discussed-heading"')[1].split("</section>")[0]
    assert "3 nieuwe reacties" in discussed


def test_cached_cards_never_show_an_old_title_count_or_name(client, alice, bob, make_post, make_comment):
    from blogs.services import save_post

    post = make_post(title="Eerste titel")
    client.force_login(bob)
    assert "Eerste titel" in front(client) and "0 reacties" in front(client)
    post.title = "Tweede titel"
    save_post(post, publish=True)
    make_comment(post, "Eens")
    alice.display_name = "Alice Bakker"
    alice.save()
    page = front(client)
    assert "Tweede titel" in page and "Eerste titel" not in page
    assert "1 reactie" in page
    assert "Alice Bakker" in page
    save_post(post, publish=False)
    assert "Tweede titel" not in front(client)
