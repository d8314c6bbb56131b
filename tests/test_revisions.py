"""Revisions (issue 10): every saved change of a published post's title or text is kept, anyone who
may read the post sees its history and what changed, and the people who may edit it put an old
version back as a new one; a restore from a page the post has outgrown is refused."""

import datetime
import random
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blogs.models import Post, Revision
from blogs.services import move_post, save_post
from notifications.models import Notification
from tests.queries import count_made_and_cached


def edit(post, *, by, **fields):
    for name, value in fields.items():
        setattr(post, name, value)
    return save_post(post, publish=post.status == Post.Status.PUBLISHED, by=by)


@pytest.fixture
def published(alice):
    """A post published through the write path: its first version is its original."""
    return save_post(
        Post(blog=alice.personal_blog, author=alice, title="Leesclub", body="We starten een leesclub."),
        publish=True,
    )


def history_url(post):
    return reverse("blogs:post_history", args=[post.blog.slug, post.slug])


def diff_url(post, *ids):
    return reverse("blogs:post_diff", args=[post.blog.slug, post.slug, *ids])


def restore(client, post, revision, based_on):
    url = reverse("blogs:post_restore", args=[post.blog.slug, post.slug, revision.pk])
    return client.post(url, {"based_on": based_on.pk if hasattr(based_on, "pk") else based_on}, follow=True)


def changes_part(page):
    return page[page.index('id="diff-title-heading"') : page.rindex("</section>")]


def versions(post):
    return list(post.revisions.order_by("id").values_list("title", "body", "author__username"))


# The write path


def test_publishing_in_the_editor_keeps_the_original_as_the_first_version(client, alice):
    client.force_login(alice)
    url = reverse("blogs:post_create", args=[alice.personal_blog.slug])
    client.post(url, {"title": "Plan", "body": "Eerste tekst", "tag_names": "", "publish": "1"})
    post = Post.objects.get(title="Plan")
    assert versions(post) == [("Plan", "Eerste tekst", "alice")]


def test_a_draft_keeps_no_versions_until_it_is_published(client, alice):
    client.force_login(alice)
    client.post(reverse("blogs:post_create", args=[alice.personal_blog.slug]), {"title": "Plan", "body": "Opzet"})
    post = Post.objects.get(title="Plan")
    edit_url = reverse("blogs:post_edit", args=[post.blog.slug, post.slug])
    client.post(edit_url, {"title": "Plan", "body": "Betere opzet"})
    assert versions(post) == []
    client.post(edit_url, {"title": "Plan", "body": "Klaar", "publish": "1"})
    assert versions(post) == [("Plan", "Klaar", "alice")]


def test_a_blog_editor_who_changes_a_post_is_named_as_who_saved_it(client, alice, bob, team_blog, make_editor):
    make_editor(bob)
    post = save_post(Post(blog=team_blog, author=alice, title="Rooster", body="Maandag open"), publish=True)
    client.force_login(bob)
    edit_url = reverse("blogs:post_edit", args=[post.blog.slug, post.slug])
    client.post(edit_url, {"title": "Rooster", "body": "Maandag dicht", "publish": "1"})
    assert versions(post) == [("Rooster", "Maandag open", "alice"), ("Rooster", "Maandag dicht", "bob")]


def test_a_scheduled_post_keeps_its_versions_too(alice):
    later = timezone.now() + datetime.timedelta(days=2)
    post = save_post(
        Post(blog=alice.personal_blog, author=alice, title="Straks", body="a"), publish=True, published_at=later
    )
    edit(post, by=alice, title="Straks, anders")
    assert [title for title, _, _ in versions(post)] == ["Straks", "Straks, anders"]


def test_saving_without_changing_title_or_text_keeps_no_new_version(published, alice):
    save_post(published, publish=True, tag_names=["lezen"], by=alice)
    assert len(versions(published)) == 1


def test_moving_a_post_or_commenting_on_it_keeps_no_new_version(published, personeelsblog, make_comment):
    make_comment(published)
    move_post(published, personeelsblog)
    assert len(versions(published)) == 1


def test_a_post_changed_in_the_django_admin_names_the_admin(client, admin_user, published):
    client.force_login(admin_user)
    local = timezone.localtime(published.published_at)
    data = {
        "blog": published.blog_id,
        "author": published.author_id,
        "title": "Leesclub (beheer)",
        "slug": published.slug,
        "body": published.body,
        "status": "published",
        "published_at_0": local.strftime("%d-%m-%Y"),
        "published_at_1": local.strftime("%H:%M:%S"),
    }
    response = client.post(reverse("admin:blogs_post_change", args=[published.pk]), data)
    assert response.status_code == 302
    assert versions(published)[-1] == ("Leesclub (beheer)", published.body, "beheer")


def test_a_post_published_before_versions_were_kept_starts_its_history_with_its_original(make_post, alice, bob):
    post = make_post(title="Van vroeger", body="Oude tekst")  # written straight to the table, as before
    edit(post, by=alice, body="Nieuwe tekst")
    assert versions(post) == [("Van vroeger", "Oude tekst", "alice"), ("Van vroeger", "Nieuwe tekst", "alice")]


# Reading: the post page, the history, the diff


def test_the_post_page_says_bewerkt_with_a_link_to_the_history_only_after_an_edit(client, bob, published, alice):
    client.force_login(bob)
    assert "geschiedenis" not in client.get(published.get_absolute_url()).content.decode()
    edit(published, by=alice, body="Een andere tekst")
    page = client.get(published.get_absolute_url()).content.decode()
    assert "bewerkt op" in page
    assert f'href="{history_url(published)}"' in page


def test_the_history_lists_every_version_with_who_and_a_dutch_date(client, bob, published, alice):
    edit(published, by=alice, title="Leesclub voor tieners")
    moment = datetime.datetime(2026, 12, 2, 14, 5, tzinfo=ZoneInfo("Europe/Amsterdam"))
    published.revisions.filter(pk=published.revisions.first().pk).update(created_at=moment)
    client.force_login(bob)
    page = client.get(history_url(published)).content.decode()
    assert "Versie 2" in page and "Versie 1" in page
    assert "2 december 2026, 14:05" in page
    assert page.count("Alice de Vries") >= 2
    assert page.index("Leesclub voor tieners") < page.index("Versie 1")  # newest first


def test_a_colleague_sees_the_history_but_no_restore_button(client, bob, published, alice):
    edit(published, by=alice, body="Anders")
    client.force_login(bob)
    page = client.get(history_url(published)).content.decode()
    assert "Versie 1 terugzetten" not in page and "based_on" not in page
    client.force_login(alice)
    assert "Versie 1 terugzetten" in client.get(history_url(published)).content.decode()


def test_the_history_and_diff_of_a_post_you_may_not_read_are_not_found(client, alice, bob, make_post):
    draft = make_post(status=Post.Status.DRAFT, title="Geheim plan")
    revision = Revision.objects.create(post=draft, author=alice, title="Geheim plan", body="x")
    client.force_login(bob)
    assert client.get(history_url(draft)).status_code == 404
    assert client.get(diff_url(draft, revision.pk)).status_code == 404
    assert restore(client, draft, revision, revision).status_code == 404
    client.logout()
    response = client.get(history_url(draft))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_version_of_another_post_is_not_found_under_this_one(client, alice, published):
    other = save_post(Post(blog=alice.personal_blog, author=alice, title="Ander", body="b"), publish=True)
    client.force_login(alice)
    assert client.get(diff_url(published, other.revisions.get().pk)).status_code == 404


def test_the_diff_shows_removed_and_added_words_for_title_and_text(client, bob, published, alice):
    edit(published, by=alice, title="Leesclub voor tieners", body="We starten een leesclub op zaterdag.")
    first, second = published.revisions.order_by("id")
    client.force_login(bob)
    page = client.get(diff_url(published, second.pk)).content.decode()
    assert '<ins><span class="visually-hidden">toegevoegd: </span>voor tieners</ins>' in page
    assert '<del><span class="visually-hidden">verwijderd: </span>.</del>' not in page  # the stop stays
    assert "<ins>" in page and "op zaterdag" in page
    compared = client.get(diff_url(published, first.pk, second.pk)).content.decode()
    assert changes_part(page) == changes_part(compared)


def test_the_diff_escapes_everything_and_no_script_of_a_post_reaches_the_page(client, bob, published, alice):
    edit(
        published,
        by=alice,
        title='Leesclub <img src=x onerror="alert(1)">',
        body='We starten een leesclub.\n<script>alert("hoi")</script>\n[klik](javascript:alert(2))',
    )
    client.force_login(bob)
    page = client.get(diff_url(published, published.revisions.first().pk)).content.decode()
    assert "&lt;script&gt;alert(&quot;hoi&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript' not in page


def test_the_diff_says_what_stayed_the_same_and_folds_long_unchanged_stretches(client, bob, alice):
    lines = [f"Regel {n} over de leesclub." for n in range(1, 21)]
    post = save_post(Post(blog=alice.personal_blog, author=alice, title="Lang", body="\n".join(lines)), publish=True)
    lines[10] = "Regel 11 over de schrijfclub."
    edit(post, by=alice, body="\n".join(lines))
    client.force_login(bob)
    page = client.get(diff_url(post, post.revisions.first().pk)).content.decode()
    assert "niet veranderd" in page  # the title
    assert "8 ongewijzigde regels" in page  # lines 1-8 folded, 9 and 10 shown around the change
    assert "Regel 9 over" in page and "Regel 3 over" not in page
    assert "7 ongewijzigde regels" in page  # lines 14-20, after 12 and 13
    removed = '<del><span class="visually-hidden">verwijderd: </span>leesclub</del>'
    assert removed + '<ins><span class="visually-hidden">toegevoegd: </span>schrijfclub</ins>' in page


def test_the_first_version_shows_as_all_new(client, bob, published):
    client.force_login(bob)
    page = client.get(diff_url(published, published.revisions.get().pk)).content.decode()
    assert "dit is de oorspronkelijke versie" in page
    assert '<ins><span class="visually-hidden">toegevoegd: </span>We starten een leesclub.</ins>' in page


# Restoring


def test_the_author_restores_an_old_version_as_a_new_one(client, alice, bob, published):
    edit(published, by=alice, title="Leesclub!", body="Iets heel anders.")
    first, newest = published.revisions.order_by("id")
    client.force_login(alice)
    response = restore(client, published, first, based_on=newest)
    assert "Versie 1 is teruggezet als nieuwste versie." in response.content.decode()
    assert response.redirect_chain[-1][0] == published.get_absolute_url()
    published.refresh_from_db()
    assert (published.title, published.body) == ("Leesclub", "We starten een leesclub.")
    assert "We starten een leesclub." in response.content.decode()  # the page shows the text again
    assert versions(published) == [
        ("Leesclub", "We starten een leesclub.", "alice"),
        ("Leesclub!", "Iets heel anders.", "alice"),
        ("Leesclub", "We starten een leesclub.", "alice"),
    ]


def test_a_blog_editor_and_a_site_admin_restore_too(client, alice, bob, admin_user, team_blog, make_editor):
    make_editor(bob)
    post = save_post(Post(blog=team_blog, author=alice, title="Rooster", body="Een"), publish=True)
    edit(post, by=alice, body="Twee")
    one, two = post.revisions.order_by("id")
    client.force_login(bob)
    restore(client, post, one, based_on=two)
    client.force_login(admin_user)
    restore(client, post, two, based_on=post.revisions.first())
    assert versions(post) == [
        ("Rooster", "Een", "alice"),
        ("Rooster", "Twee", "alice"),
        ("Rooster", "Een", "bob"),
        ("Rooster", "Twee", "beheer"),
    ]


def test_a_colleague_who_may_not_edit_cannot_restore(client, alice, bob, published):
    edit(published, by=alice, body="Anders")
    first, newest = published.revisions.order_by("id")
    client.force_login(bob)
    response = restore(client, published, first, based_on=newest)
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.body == "Anders" and len(versions(published)) == 2


def test_a_restore_from_a_page_the_post_has_outgrown_is_refused_and_changes_nothing(client, alice, published):
    edit(published, by=alice, body="Tweede")
    first, shown_as_newest = published.revisions.order_by("id")
    edit(published, by=alice, body="Derde, na het openen van de pagina")
    client.force_login(alice)
    response = restore(client, published, first, based_on=shown_as_newest)
    page = response.content.decode()
    assert "Het bericht is gewijzigd nadat je deze pagina opende. Er is niets teruggezet" in page
    assert response.redirect_chain[-1][0] == history_url(published)
    published.refresh_from_db()
    assert published.body == "Derde, na het openen van de pagina" and len(versions(published)) == 3
    assert "Er is niets teruggezet" in restore(client, published, first, based_on="").content.decode()
    assert len(versions(published)) == 3


def test_a_restore_on_a_post_that_is_a_draft_now_is_refused(client, alice, published):
    edit(published, by=alice, body="Tweede")
    first, newest = published.revisions.order_by("id")
    save_post(published, publish=False, by=alice)
    client.force_login(alice)
    assert "Dit bericht is nu een concept" in restore(client, published, first, based_on=newest).content.decode()
    published.refresh_from_db()
    assert published.body == "Tweede"


def test_a_restore_is_a_form_post_only(client, alice, published):
    client.force_login(alice)
    url = reverse("blogs:post_restore", args=[published.blog.slug, published.slug, published.revisions.get().pk])
    assert client.get(url).status_code == 405


def test_a_restored_version_mentions_its_colleagues_again_and_shows_on_the_front_page(
    client, alice, make_user, published
):
    make_user("carla", display_name="Carla Smit")
    edit(published, by=alice, title="Leesclub met Carla", body="Samen met @carla.")
    edit(published, by=alice, title="Leesclub", body="Toch alleen.")
    Notification.objects.all().delete()
    client.force_login(alice)
    assert "Leesclub met Carla" not in client.get(reverse("blogs:front_page")).content.decode()
    mentioning = published.revisions.order_by("id")[1]
    restore(client, published, mentioning, based_on=published.revisions.first())
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [("carla", "mention")]
    assert "Leesclub met Carla" in client.get(reverse("blogs:front_page")).content.decode()


# Query counts


def make_versions(post, person, n):
    for _ in range(n):
        i = post.revisions.count()
        edit(post, by=person, title=f"Leesclub {i}", body=f"Versie {i} van de tekst.\nMet een tweede regel.")


@pytest.mark.parametrize("who", ["author", "colleague"])
def test_history_and_diff_pages_run_the_same_queries_for_3_and_30_versions(client, alice, bob, make_user, who):
    post = save_post(Post(blog=alice.personal_blog, author=alice, title="Leesclub", body="Begin"), publish=True)
    editors = [alice, make_user("carla"), make_user("daan")]
    for person in editors[1:]:
        make_versions(post, person, 1)  # 3 versions by 3 people
    client.force_login(alice if who == "author" else bob)
    client.get(post.get_absolute_url())  # the first page of a visit records the visit, a first read the read

    def counts():
        newest, oldest = post.revisions.first(), post.revisions.last()
        return (
            count_made_and_cached(client, history_url(post)),
            count_made_and_cached(client, diff_url(post, newest.pk)),
            count_made_and_cached(client, diff_url(post, oldest.pk, newest.pk)),
            count_made_and_cached(client, post.get_absolute_url()),
        )

    with_few = counts()
    for i in range(27):
        make_versions(post, editors[i % 3], 1)
    assert post.revisions.count() == 30
    assert counts() == with_few
    (_, history), (_, diff), (_, compare), _post_page = with_few  # from the cache, as most requests are
    assert history <= 8 and diff <= 8 and compare <= 8


def test_history_diff_and_post_page_read_a_posts_versions_through_its_index(client, alice, monkeypatch):
    """Each page reads only this post's versions, from the (post, id) index: however many versions
    all posts together have, no query walks the table (EXPLAIN on the database under test)."""
    from tests import test_query_plans

    monkeypatch.setattr(test_query_plans, "GROWING", [*test_query_plans.GROWING, "blogs_revision"])
    post = save_post(Post(blog=alice.personal_blog, author=alice, title="Leesclub", body="Begin"), publish=True)
    make_versions(post, alice, 3)
    newest, oldest = post.revisions.first(), post.revisions.last()
    client.force_login(alice)
    urls = [history_url(post), diff_url(post, newest.pk), diff_url(post, oldest.pk, newest.pk), post.get_absolute_url()]
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            assert client.get(url).status_code == 200
    on_revisions = [query["sql"] for query in queries.captured_queries if '"blogs_revision"' in query["sql"]]
    assert len(on_revisions) == 10  # 3 on the history, 3 on each diff, 1 on the post page
    problems = {sql[:200]: test_query_plans.full_reads(sql, None) for sql in on_revisions}
    assert {sql: lines for sql, lines in problems.items() if lines} == {}


def test_a_whole_text_rewritten_with_few_distinct_words_still_shows_its_diff(client, alice, bob):
    """Word-by-word comparison of long lines with few distinct words is the slowest a text can make
    it: one page does a bounded amount of it and shows the rest as whole lines removed and added
    (this page took a minute and a half before the bound; now a fraction of a second)."""
    words = ["lezen", "boek", "bibliotheek", "tieners", "de", "het", "een", "en", "van", "voor"]
    chance = random.Random(10)

    def text():
        return "\n".join(" ".join(chance.choice(words) for _ in range(800)) for _ in range(20))

    post = save_post(Post(blog=alice.personal_blog, author=alice, title="Lang", body=text()), publish=True)
    edit(post, by=alice, body=text())
    client.force_login(bob)
    page = client.get(diff_url(post, post.revisions.first().pk)).content.decode()
    kinds = [kind for kind in ("changed", "deleted", "inserted") for _ in range(page.count(f"diff-line diff-{kind}"))]
    changed, deleted, inserted = (kinds.count(kind) for kind in ("changed", "deleted", "inserted"))
    assert changed + deleted == 20 and changed + inserted == 20  # every line of both texts shown
    assert changed >= 1 and deleted >= 1  # the first ones word by word, then past the bound whole


def test_the_history_of_a_post_never_changed_since_versions_were_kept_says_so(client, bob, make_post):
    post = make_post()  # published before versions were kept: none yet
    client.force_login(bob)
    assert "niet meer veranderd sinds het gepubliceerd is" in client.get(history_url(post)).content.decode()


def test_a_text_of_thousands_of_equal_lines_still_shows_its_diff(client, alice, bob):
    """Many equal lines are the slowest for comparing lines: past a bound the changed middle of
    the text shows whole (20,000 empty lines took two minutes before the bound)."""
    post = save_post(
        Post(blog=alice.personal_blog, author=alice, title="Leeg", body="Begin\n" + "\n" * 5000 + "Einde"),
        publish=True,
    )
    edit(post, by=alice, body="Start\n" + "\n" * 4990 + "Slot")
    client.force_login(bob)
    page = client.get(diff_url(post, post.revisions.first().pk)).content.decode()
    assert '<del><span class="visually-hidden">verwijderd: </span>Begin</del>' in page
    assert '<ins><span class="visually-hidden">toegevoegd: </span>Slot</ins>' in page


def test_the_history_addresses_sit_under_the_post(published):
    base = published.get_absolute_url()
    assert history_url(published) == f"{base}history/"
    assert diff_url(published, 7) == f"{base}history/7/"
    assert diff_url(published, 5, 7) == f"{base}history/5/7/"
    assert reverse("blogs:post_restore", args=[published.blog.slug, published.slug, 5]) == f"{base}history/5/restore/"
