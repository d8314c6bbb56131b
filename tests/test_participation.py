import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blognet.models import ContentGeneration
from comments.models import Comment
from decisions.models import Agreement, Proposal, Response
from insights.participation import participation

TODAY = datetime.date(2026, 11, 20)


def at(month, day=10):
    return datetime.datetime(2026, month, day, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def manager(make_user, managers):
    user = make_user("wilma", department="Directie")
    user.groups.add(managers)
    return user


@pytest.fixture
def dataset(alice, bob, make_user, make_post, manager):
    """Jeugd: alice. Collectie: bob, carol. Directie: wilma (manager). Four staff in all."""
    carol = make_user("carol", department="Collectie")
    # September: alice writes twice.
    make_post(title="Sep 1", published_at=at(9))
    make_post(title="Sep 2", published_at=at(9, 20))
    # October: bob writes, alice comments twice on it, carol comments once.
    october = make_post(title="Okt", author=bob, published_at=at(10))
    for author, day in ((alice, 11), (alice, 12), (carol, 13)):
        Comment.objects.create(post=october, author=author, body="x", created_at=at(10, day))
    # November: carol writes (she commented before, so she is no newcomer); a draft counts for nothing.
    make_post(title="Nov", author=carol, published_at=at(11))
    make_post(title="Concept", author=bob, status="draft")
    return carol


def month(figures, number, department=None):
    return next(row for row in figures.rows(department) if row.month.month == number)


def test_monthly_figures_on_a_known_dataset(dataset):
    figures = participation(months=3, today=TODAY)
    assert [row.month for row in figures.months] == [
        datetime.date(2026, 9, 1),
        datetime.date(2026, 10, 1),
        datetime.date(2026, 11, 1),
    ]
    sep, oct_, nov = figures.months
    assert (sep.writers, sep.commenters, sep.participants, sep.newcomers, sep.posts, sep.comments) == (1, 0, 1, 1, 2, 0)
    assert (oct_.writers, oct_.commenters, oct_.participants, oct_.newcomers, oct_.posts, oct_.comments) == (
        1,
        2,
        3,
        2,
        1,
        3,
    )
    assert (nov.writers, nov.participants, nov.newcomers, nov.posts) == (1, 1, 0, 1)
    assert oct_.staff == 4
    assert oct_.share == 75.0


def test_figures_per_department(dataset):
    figures = participation(months=3, today=TODAY)
    assert figures.departments == ["Collectie", "Directie", "Jeugd"]
    collectie = month(figures, 10, "Collectie")
    assert (collectie.writers, collectie.commenters, collectie.participants, collectie.staff) == (1, 1, 2, 2)
    assert collectie.share == 100.0
    assert month(figures, 10, "Directie").participants == 0


def test_dashboard_is_for_managers_only(client, alice, manager, dataset):
    client.force_login(alice)
    assert client.get(reverse("insights:participation_dashboard")).status_code == 403
    assert client.get(reverse("insights:participation_csv")).status_code == 403
    client.force_login(manager)
    page = client.get(reverse("insights:participation_dashboard")).content.decode()
    assert "<svg" in page and "<table" in page


def test_the_menu_leads_managers_and_site_admins_to_the_dashboard_and_no_one_else(client, alice, manager, admin_user):
    link = reverse("insights:participation_dashboard")
    for person, sees in ((alice, False), (manager, True), (admin_user, True)):
        client.force_login(person)
        assert (link in client.get(reverse("people:directory")).content.decode()) is sees


def test_chart_bars_are_drawn_in_proportion_with_posts_and_comments_as_two_series(client, manager, alice, make_post):
    import re

    from django.utils import timezone
    from django.utils.formats import date_format

    this_month = timezone.now().replace(day=1, hour=12)
    last_month = this_month - datetime.timedelta(days=3)
    make_post(title="Vorige maand", published_at=last_month)
    for title in ("Deze maand 1", "Deze maand 2"):
        post = make_post(title=title, published_at=this_month)
    for _ in range(3):
        Comment.objects.create(post=post, author=manager, body="x", created_at=this_month)
    client.force_login(manager)
    page = client.get(reverse("insights:participation_dashboard"), {"months": 3}).content.decode()
    share = [float(h) for h in re.findall(r'<rect [^>]*height="([^"]+)" class="bar">', page)]
    posts = [float(h) for h in re.findall(r'<rect [^>]*height="([^"]+)" class="bar bar-posts">', page)]
    comments = [float(h) for h in re.findall(r'<rect [^>]*height="([^"]+)" class="bar bar-comments">', page)]
    assert len(share) == len(posts) == len(comments) == 3  # three months, the last one this month
    assert posts[2] == 2 * posts[1] > 0 and comments[2] == 1.5 * posts[2] and comments[:2] == [0, 0]
    assert "Berichten" in page and "Reacties" in page  # the legend
    # A screen reader hears the values, month by month, with the months in Dutch.
    assert f"{date_format(this_month, 'b Y')}: 2 berichten, 3 reacties" in page
    assert date_format(this_month, "b Y").islower()  # "okt 2026", as Dutch writes it


def test_site_admins_and_people_who_left_are_not_counted_as_staff(make_user, dataset, admin_user, make_post):
    make_user("vertrokken", department="Jeugd", is_active=False)
    make_post(title="Van de beheerder", author=admin_user, published_at=at(11, 2))
    november = month(participation(months=3, today=TODAY), 11)
    assert november.staff == 4  # alice, bob, carol, wilma: not the site admin, not who left
    assert november.participants == 1  # carol; the site admin's post is no participation


def test_dashboard_queries_do_not_grow_with_months_people_or_posts(client, manager, make_user, make_post, dataset):
    client.force_login(manager)
    url = reverse("insights:participation_dashboard")
    client.get(url)

    def queries(params):
        ContentGeneration.bump()  # each count made anew, as after a write: like with like
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured)

    few = queries({"months": 3})
    for n in range(10):
        make_post(author=make_user(f"extra{n}", department=f"Afdeling {n}"), title=f"Extra {n}")
    assert queries({"months": 36}) == few
    assert queries({"months": 36, "department": "Collectie"}) == few


def test_csv_download(client, manager, dataset):
    client.force_login(manager)
    response = client.get(reverse("insights:participation_csv"), {"months": 24})
    assert response["Content-Disposition"] == 'attachment; filename="blognet-deelname.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["maand", "afdeling", "medewerkers"]
    october = [row for row in rows if row[0] == "2026-10"]
    overall = next(row for row in october if row[1] == "alle afdelingen")
    assert overall[2:10] == ["4", "1", "2", "3", "2", "1", "3", "75,0"]
    assert next(row for row in october if row[1] == "Collectie")[5] == "2"


def test_the_managers_group_comes_with_the_migrations(db):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Leidinggevenden")
    assert list(group.permissions.values_list("codename", flat=True)) == ["is_manager"]


@pytest.mark.parametrize("months", ["²", "٣", "3²", "-3", "3.5", " 3", "3\n", "", "9" * 5000])
def test_a_months_value_that_is_not_a_plain_number_shows_the_default_year(client, manager, months):
    # str.isdigit() accepts "²" and other Unicode digits that int() refuses or reads unexpectedly,
    # and int() refuses more than 4300 digits: such an address shows twelve months, never a 500.
    import re

    client.force_login(manager)
    page = client.get(reverse("insights:participation_dashboard"), {"months": months})
    assert page.status_code == 200
    assert len(re.findall(r"<rect ", page.content.decode())) == 3 * 12  # a bar a month, two in the second chart
    response = client.get(reverse("insights:participation_csv"), {"months": months})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len({row[0] for row in rows[1:]}) == 12


def proposal_on(post, proposer, opened, *answers):
    proposal = Proposal.objects.create(
        post=post, proposer=proposer, body="Zo doen we het.", opened_at=opened, deadline=opened + datetime.timedelta(7)
    )
    for person, moment in answers:
        Response.objects.create(proposal=proposal, person=person, version=1, choice="akkoord", answered_at=moment)
    return proposal


def agreed(proposal, recorded, due, done=None):
    return Agreement.objects.create(
        proposal=proposal,
        body="Afgesproken.",
        owner=proposal.proposer,
        recorded_by=proposal.proposer,
        recorded_at=recorded,
        due_date=due,
        state="gedaan" if done else "open",
        closed_at=done,
    )


@pytest.fixture
def decided(dataset, alice, bob, personeelsblog, make_post):
    """October: Bob (Collectie) proposes, Alice and Carol answer, agreed after 11 days and done on
    time. November: Alice (Jeugd) and Bob propose, Bob answers; agreed after 21 and 4 days, the
    first done late."""
    carol = dataset
    first = make_post(title="Eén blog", author=bob, blog=personeelsblog, published_at=at(10, 1))
    october = proposal_on(first, bob, at(10, 2), (alice, at(10, 3)), (carol, at(10, 4)))
    agreed(october, at(10, 12), datetime.date(2026, 10, 30), done=at(10, 25))
    late = make_post(title="Leesclub", author=alice, blog=personeelsblog, published_at=at(10, 20))
    november = proposal_on(late, alice, at(11, 3), (bob, at(11, 4)))
    agreed(november, at(11, 10), datetime.date(2026, 11, 12), done=at(11, 15))
    quick = make_post(title="Koffie", author=bob, blog=personeelsblog, published_at=at(11, 1))
    agreed(proposal_on(quick, bob, at(11, 2)), at(11, 5), datetime.date(2026, 12, 1))


def decision_figures(row):
    return (row.proposals, row.responders, row.agreements, row.done_on_time, row.median_days)


def test_from_idea_to_agreement_per_month_and_department(decided):
    figures = participation(months=3, today=TODAY)
    sep, oct_, nov = figures.months
    assert decision_figures(sep) == (0, 0, 0, 0, None)
    assert decision_figures(oct_) == (1, 2, 1, 1, 11.0)
    assert oct_.responder_share == 50.0  # two of the four colleagues answered
    assert decision_figures(nov) == (2, 1, 2, 0, 12.5)  # done after its due date: not on time
    assert decision_figures(month(figures, 11, "Jeugd")) == (1, 0, 1, 0, 21.0)
    assert decision_figures(month(figures, 11, "Collectie")) == (1, 1, 1, 0, 4.0)
    assert decision_figures(month(figures, 10, "Directie")) == (0, 0, 0, 0, None)


def test_dashboard_shows_idea_to_agreement_as_counts_without_names(client, manager, decided):
    client.force_login(manager)
    page = client.get(reverse("insights:participation_dashboard"), {"months": 24}).content.decode()
    section = page[page.index("Van idee tot afspraak") :]
    assert "50.0% <span" in section or "50,0% <span" in section
    assert "12,5" in section or "12.5" in section
    for name in ("Alice de Vries", "Bob Jansen", "Carol"):
        assert name not in section  # counts only: nobody is ranked or named
    response = client.get(reverse("insights:participation_csv"), {"months": 24})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][10:] == ["voorstellen", "antwoordden", "afspraken", "op tijd gedaan", "dagen idee tot afspraak"]
    november = next(row for row in rows if row[0] == "2026-11" and row[1] == "alle afdelingen")
    assert november[10:] == ["2", "1", "2", "0", "12,5"]


def test_dashboard_queries_do_not_grow_with_proposals_or_agreements(
    client, manager, decided, bob, personeelsblog, make_post
):
    client.force_login(manager)
    url = reverse("insights:participation_dashboard")

    def queries():
        ContentGeneration.bump()  # each count made anew, as after a write: like with like
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"months": 24}).status_code == 200
        return len(captured)

    queries()  # the first request also loads what is cached afterwards
    few = queries()
    for n in range(10):
        post = make_post(title=f"Idee {n}", author=bob, blog=personeelsblog)
        agreed(proposal_on(post, bob, post.published_at, (manager, post.published_at)), post.published_at, TODAY)
    assert queries() == few
