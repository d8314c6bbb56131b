"""Reactions on posts and comments (issue 10): 👍 eens, ❤️ mooi, 💡 goed idee, 🙏 bedankt."""

import threading
import urllib.request

import pytest
from django.db import IntegrityError, connection, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blognet.models import ContentGeneration
from blogs.models import Post
from comments.models import Comment, Reaction
from insights.participation import participation
from notifications.models import Notification
from tests.queries import body


def react_on_post(client, post, **data):
    return client.post(reverse("comments:react_post", args=[post.pk]), data)


def react_on_comment(client, comment, **data):
    return client.post(reverse("comments:react_comment", args=[comment.pk]), data)


def reaction_of(user, post, comment=None):
    return Reaction.objects.filter(user=user, post=post, comment=comment).values_list("kind", flat=True).first()


def test_a_reaction_without_javascript_comes_back_to_the_comment(client, alice, bob, make_post, make_comment):
    post = make_post()
    comment = make_comment(post, author=alice)
    client.force_login(bob)
    response = react_on_comment(client, comment, kind="idee")
    assert response.status_code == 302
    assert response["Location"].endswith(f"{post.get_absolute_url()}#comment-{comment.pk}")
    assert reaction_of(bob, post, comment) == "idee"
    page = client.get(post.get_absolute_url()).content.decode()
    # The reader's own reaction is pressed and takes it back; the names are there for who asks.
    assert 'name="remove" value="idee" class="btn btn-sm reaction active" aria-pressed="true"' in page
    assert "goed idee: Bob Jansen" in page
    assert "Wie reageerde?" in page


def test_a_reaction_on_a_post_comes_back_to_its_reactions(client, bob, make_post):
    post = make_post()
    client.force_login(bob)
    response = react_on_post(client, post, kind="mooi")
    assert response["Location"].endswith(f"{post.get_absolute_url()}#reacties")
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'id="reacties"' in page
    assert '<span class="reaction-label">mooi</span> <span class="reaction-count">1</span>' in page


def test_one_reaction_per_person_changing_replaces_it_and_the_same_again_removes_it(client, bob, make_post):
    post = make_post()
    client.force_login(bob)
    react_on_post(client, post, kind="eens")
    react_on_post(client, post, kind="bedankt")
    assert list(Reaction.objects.filter(post=post).values_list("kind", flat=True)) == ["bedankt"]
    react_on_post(client, post, remove="bedankt")
    assert not Reaction.objects.exists()
    # A removal that arrives again (a double click) changes nothing, nor does removing another kind.
    react_on_post(client, post, kind="eens")
    react_on_post(client, post, remove="mooi")
    assert reaction_of(bob, post) == "eens"


def test_the_database_allows_one_reaction_per_person_per_item(alice, bob, make_post, make_comment):
    post = make_post()
    comment = make_comment(post)
    Reaction.objects.create(user=bob, post=post, kind="eens")
    Reaction.objects.create(user=bob, post=post, comment=comment, kind="eens")  # another item
    for item in (None, comment):
        with pytest.raises(IntegrityError), transaction.atomic():
            Reaction.objects.create(user=bob, post=post, comment=item, kind="mooi")


def test_with_javascript_the_bar_comes_back_as_json(client, alice, bob, make_post, make_comment):
    post = make_post()
    comment = make_comment(post, author=alice)
    client.force_login(bob)
    url = reverse("comments:react_comment", args=[comment.pk])
    response = client.post(url, {"kind": "eens"}, headers={"accept": "application/json"})
    assert response.status_code == 200
    bar = response.json()["html"]
    assert bar.startswith(f'<form method="post" action="{url}"')
    assert "Wie reageerde?" in bar
    assert 'value="eens" class="btn btn-sm reaction active" aria-pressed="true" title="eens: Bob Jansen"' in bar


def test_a_kind_not_in_the_set_is_refused(client, bob, make_post):
    post = make_post()
    client.force_login(bob)
    for data in ({"kind": "boos"}, {"remove": "boos"}, {}):
        assert react_on_post(client, post, **data).status_code == 400
    assert not Reaction.objects.exists()


def test_reacting_on_what_you_may_not_read_is_not_found(client, alice, bob, make_post, make_comment):
    draft = make_post(status=Post.Status.DRAFT, title="Nog niet af")
    scheduled = make_post(title="Straks", published_at=timezone.now() + timezone.timedelta(days=1))
    shown = make_post(title="Open")
    removed = make_comment(shown, author=alice)
    removed.removed_at = timezone.now()
    removed.save()
    client.force_login(bob)
    assert react_on_post(client, draft, kind="eens").status_code == 404
    assert react_on_post(client, scheduled, kind="eens").status_code == 404
    assert react_on_comment(client, removed, kind="eens").status_code == 404
    comment = make_comment(shown, author=alice)
    Post.objects.filter(pk=shown.pk).update(status=Post.Status.DRAFT)  # taken back to draft
    assert react_on_comment(client, comment, kind="eens").status_code == 404
    assert not Reaction.objects.exists()
    client.logout()
    assert react_on_post(client, make_post(title="Voor iedereen"), kind="eens").status_code == 302  # to the login
    assert not Reaction.objects.exists()


def test_names_are_escaped(client, alice, make_user, make_post):
    post = make_post()
    sneaky = make_user("sneaky", display_name='<img src=x onerror="alert(1)">')
    client.force_login(sneaky)
    react_on_post(client, post, kind="eens")
    client.force_login(alice)
    page = client.get(post.get_absolute_url()).content.decode()
    assert '<img src=x onerror="alert(1)">' not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_many_names_end_in_how_many_others(client, alice, make_user, make_post):
    post = make_post()
    for n in range(11):
        Reaction.objects.create(user=make_user(f"collega{n}"), post=post, kind="eens")
    client.force_login(alice)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "en 3 anderen" in page  # eight names, then the rest counted
    assert '<span class="reaction-count">11</span>' in page


# Eight clicks at once by the same person: one reaction. Real requests in parallel threads against
# the live server, each with its own connection to the test database (a file on SQLite).


def _logged_in_headers(client, user):
    """Headers of a browser logged in as `user`, with a CSRF token as its cookie and its header."""
    client.force_login(user)
    token = _get_new_csrf_string()
    return {
        "Cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={token}",
        "X-CSRFToken": token,
        "Accept": "application/json",
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("on", ["post", "comment"])
def test_eight_clicks_at_once_make_one_reaction(live_server, client, alice, bob, make_post, make_comment, on):
    post = make_post()
    comment = make_comment(post, author=alice) if on == "comment" else None
    url = live_server.url + (
        reverse("comments:react_comment", args=[comment.pk])
        if comment
        else reverse("comments:react_post", args=[post.pk])
    )
    headers = _logged_in_headers(client, bob)
    start = threading.Barrier(8)
    statuses = []

    def click():
        request = urllib.request.Request(url, data=b"kind=eens", headers=headers)
        start.wait()
        with urllib.request.urlopen(request, timeout=30) as response:
            statuses.append(response.status)

    clicks = [threading.Thread(target=click) for _ in range(8)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()
    assert statuses == [200] * 8
    assert Reaction.objects.filter(user=bob, post=post, comment=comment).count() == 1
    if comment:
        # …and its writer one notification about it.
        assert Notification.objects.filter(recipient=alice, kind="reaction").count() == 1


# The writer hears of reactions in one notification per item, never once per click.


def notification_texts(client, user):
    client.force_login(user)
    page = client.get(reverse("notifications:notification_list")).content.decode()
    return [n.text for n in Notification.objects.filter(recipient=user, kind="reaction")], page


def test_the_writer_gets_one_bundled_notification_per_item(client, alice, bob, make_user, make_post):
    post = make_post(title="Leesclub")
    wilma = make_user("wilma", display_name="Wilma Bakker")
    client.force_login(bob)
    react_on_post(client, post, kind="eens")
    react_on_post(client, post, kind="mooi")  # changed: nobody new
    react_on_post(client, post, remove="mooi")
    react_on_post(client, post, kind="eens")
    texts, _ = notification_texts(client, alice)
    assert texts == ["Bob Jansen reageerde met een emoji op je bericht „Leesclub”"]
    for n in range(3):
        client.force_login(make_user(f"collega{n}"))
        react_on_post(client, post, kind="bedankt")
    client.force_login(wilma)
    react_on_post(client, post, kind="idee")
    texts, page = notification_texts(client, alice)
    assert Notification.objects.get().target_url() == f"{post.get_absolute_url()}#reacties"
    assert texts == ["Wilma Bakker en 4 anderen reageerden met een emoji op je bericht „Leesclub”"]
    assert "Wilma Bakker en 4 anderen reageerden met een emoji op je bericht „Leesclub”" in page
    # Read, and someone else reacts: a new notification, naming everyone who reacted so far.
    Notification.objects.update(read_at=timezone.now())
    client.force_login(make_user("kees", display_name="Kees"))
    react_on_post(client, post, kind="eens")
    texts, _ = notification_texts(client, alice)
    assert texts == [
        "Kees en 5 anderen reageerden met een emoji op je bericht „Leesclub”",
        "Wilma Bakker en 4 anderen reageerden met een emoji op je bericht „Leesclub”",
    ]


def test_a_reaction_taken_back_is_taken_out_of_the_notification(client, alice, bob, make_user, make_post):
    post = make_post(title="Leesclub")
    carol = make_user("carol", display_name="Carol")
    for person in (bob, carol):
        client.force_login(person)
        react_on_post(client, post, kind="eens")
    react_on_post(client, post, remove="eens")  # Carol, the newest, takes hers back
    assert notification_texts(client, alice)[0] == ["Bob Jansen reageerde met een emoji op je bericht „Leesclub”"]
    client.force_login(bob)
    react_on_post(client, post, remove="eens")
    assert not Notification.objects.exists()


def test_reactions_on_a_comment_tell_its_writer_and_not_yourself(client, alice, bob, make_post, make_comment):
    post = make_post(title="Leesclub")
    comment = make_comment(post, author=bob)
    client.force_login(alice)
    react_on_comment(client, comment, kind="bedankt")
    react_on_post(client, post, kind="eens")  # her own post: nobody to tell
    notifications = Notification.objects.filter(kind="reaction")
    assert [(n.recipient, n.text) for n in notifications] == [
        (bob, "Alice de Vries reageerde met een emoji op je reactie bij „Leesclub”")
    ]
    assert notifications[0].target_url().endswith(f"#comment-{comment.pk}")


def test_reactions_count_as_taking_part(alice, bob, make_user, make_post):
    post = make_post()
    reader = make_user("lezer", department="Jeugd")
    Reaction.objects.create(user=reader, post=post, kind="eens")
    Reaction.objects.create(user=alice, post=post, kind="eens")  # wrote too: counted once
    month = participation(months=1).months[-1]
    assert month.participants == 2
    with CaptureQueriesContext(connection) as queries:
        participation(months=12)
    assert len(queries) == 9  # the dashboard's bounded count, reactions in the same UNION


# Performance: the post page with reactions on the post and on each of 1,000 comments.


def post_page_queries(client, post):
    ContentGeneration.bump()  # bulk_create is no write path: the thread is made anew, as after a comment
    with CaptureQueriesContext(connection) as queries:
        response = client.get(post.get_absolute_url())
        page = body(response).decode()  # a long thread is streamed: its queries come while it is read
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries if "comments_reaction" in q["sql"]], page


def add_comments_with_reactions(post, people, n):
    comments = Comment.objects.bulk_create(
        Comment(post=post, author=people[i % len(people)], body=f"Reactie {i}", body_html=f"<p>Reactie {i}</p>")
        for i in range(n)
    )
    kinds = ["eens", "mooi", "idee", "bedankt"]
    Reaction.objects.bulk_create(
        Reaction(user=person, post=post, comment=comment, kind=kinds[(comment.pk + j) % 4])
        for comment in comments
        for j, person in enumerate(people)
    )
    Post.objects.filter(pk=post.pk).update(comment_count=n)


def test_the_post_page_reads_reactions_in_two_queries_however_many_comments(client, alice, bob, make_user, make_post):
    people = [alice, bob, make_user("carol"), make_user("dirk")]
    post = make_post()
    for person in people:
        Reaction.objects.create(user=person, post=post, kind="eens")
    add_comments_with_reactions(post, people, 3)
    client.force_login(bob)
    client.get(post.get_absolute_url())  # the first page of a visit also records the visit
    few, reaction_queries, _ = post_page_queries(client, post)
    assert len(reaction_queries) == 2  # counts and names in one, the reader's own in the other
    add_comments_with_reactions(post, people, 997)
    many, reaction_queries, page = post_page_queries(client, post)
    assert many == few
    assert len(reaction_queries) == 2
    assert page.count('class="btn btn-sm reaction active"') == 1001  # Bob's own on each item
    assert page.count("Wie reageerde?") == 1001


def front_page_queries(client):
    """The queries of the front page made anew after a write, and of the next one (from the cache)."""
    ContentGeneration.bump()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        counts.append(len(queries))
    return counts


def test_front_page_cards_show_reaction_counts_without_a_query_per_post(client, alice, bob, make_user, make_post):
    client.force_login(bob)
    first = make_post(title="Eerste")
    Reaction.objects.create(user=bob, post=first, kind="eens")
    client.get("/")  # the first page of a visit also records the visit
    few = front_page_queries(client)
    assert '<span class="visually-hidden">eens:</span> 1</span>' in client.get("/").content.decode()
    for n in range(15):
        post = make_post(title=f"Bericht {n}")
        for person in (alice, bob, make_user(f"collega{n}")):
            Reaction.objects.create(user=person, post=post, kind="mooi")
    assert front_page_queries(client) == few
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert len([q for q in queries if "comments_reaction" in q["sql"]]) == 1
    assert page.count('<span class="visually-hidden">mooi:</span> 3</span>') == 15


def test_site_admins_read_reactions_in_the_admin_but_do_not_change_them(client, admin_user, bob, make_post):
    post = make_post()
    reaction = Reaction.objects.create(user=bob, post=post, kind="bedankt")
    client.force_login(admin_user)
    assert "bedankt" in client.get(reverse("admin:comments_reaction_changelist")).content.decode()
    assert client.get(reverse("admin:comments_reaction_change", args=[reaction.pk])).status_code == 200
    assert client.get(reverse("admin:comments_reaction_add")).status_code == 403
