import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
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


def test_chart_bars_are_drawn_in_proportion(client, manager, dataset):
    import re

    client.force_login(manager)
    page = client.get(reverse("insights:participation_dashboard"), {"months": 3}).content.decode()
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([^"]+)"', page)]
    assert len(heights) == 6  # two charts, three months
    assert all(height >= 0 for height in heights)
    assert max(heights[:3]) > 0


def test_dashboard_queries_do_not_grow_with_months_people_or_posts(client, manager, make_user, make_post, dataset):
    client.force_login(manager)
    url = reverse("insights:participation_dashboard")
    client.get(url)

    def queries(params):
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
    assert overall[2:] == ["4", "1", "2", "3", "2", "1", "3", "75,0"]
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
    assert len(re.findall(r"<rect ", page.content.decode())) == 2 * 12  # two charts, twelve months
    response = client.get(reverse("insights:participation_csv"), {"months": months})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len({row[0] for row in rows[1:]}) == 12
