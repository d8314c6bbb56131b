"""DESIGN.md's permission rows for proposals and agreements, each asked of the real pages, and the
query counts of the new pages (the same for a handful of rows and for hundreds)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from blogs.models import Post
from decisions import services
from decisions.models import Agreement, Proposal, Response
from tests.queries import count_made_and_cached, count_queries


def week_ahead():
    return timezone.now() + datetime.timedelta(days=7)


@pytest.fixture
def people(make_user, alice, admin_user, make_editor):
    """Alice proposes on a team blog; Eva edits that blog; Wilma will own the agreement."""
    editor = make_user("eva")
    make_editor(editor)
    return {
        "anonymous": None,
        "colleague": make_user("carla"),
        "proposer": alice,
        "editor": editor,
        "owner": make_user("wilma"),
        "site admin": admin_user,
    }


@pytest.fixture
def open_proposal(make_post, team_blog, alice):
    post = make_post(author=alice, blog=team_blog, title="Eén blog")
    return services.open_proposal(post, by=alice, body="Eén blog.", deadline=week_ahead())


@pytest.fixture
def agreement(open_proposal, people):
    Proposal.objects.filter(pk=open_proposal.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    proposal = services.close_round(open_proposal.pk, 1)
    due = timezone.localdate() + datetime.timedelta(days=20)
    return services.record_agreement(proposal, by=people["proposer"], body="Doen.", owner=people["owner"], due_date=due)


def status_of(client, person, url):
    client.logout()
    if person:
        client.force_login(person)
    return client.get(url).status_code


ALLOWED, REFUSED, LOGIN = 200, 403, 302

# action: {role: expected status of the action's page}
ROWS = {
    "open a proposal": {
        "anonymous": LOGIN,
        "colleague": REFUSED,
        "proposer": ALLOWED,
        "editor": ALLOWED,
        "site admin": ALLOWED,
    },
    "answer": {"anonymous": LOGIN, "colleague": ALLOWED, "proposer": ALLOWED, "editor": ALLOWED, "site admin": ALLOWED},
    "amend": {"anonymous": LOGIN, "colleague": REFUSED, "proposer": ALLOWED, "editor": REFUSED, "site admin": ALLOWED},
    "withdraw": {
        "anonymous": LOGIN,
        "colleague": REFUSED,
        "proposer": ALLOWED,
        "editor": REFUSED,
        "site admin": ALLOWED,
    },
    "reject": {"anonymous": LOGIN, "colleague": REFUSED, "proposer": REFUSED, "editor": ALLOWED, "site admin": ALLOWED},
    "record the agreement": {
        "anonymous": LOGIN,
        "colleague": REFUSED,
        "proposer": ALLOWED,
        "editor": ALLOWED,
        "site admin": ALLOWED,
    },
    "mark done": {
        "anonymous": LOGIN,
        "colleague": REFUSED,
        "owner": ALLOWED,
        "proposer": ALLOWED,
        "editor": ALLOWED,
        "site admin": ALLOWED,
    },
    "drop": {
        "anonymous": LOGIN,
        "colleague": REFUSED,
        "owner": REFUSED,
        "proposer": ALLOWED,
        "editor": ALLOWED,
        "site admin": ALLOWED,
    },
}


def url_for(action, request):
    if action == "open a proposal":
        post = request.getfixturevalue("make_post")(
            author=request.getfixturevalue("alice"), blog=request.getfixturevalue("team_blog"), title="Nog een idee"
        )
        return reverse("decisions:proposal_open", args=[post.pk])
    if action in ("answer", "amend", "withdraw", "reject"):
        proposal = request.getfixturevalue("open_proposal")
        name = {"answer": "proposal_answer", "amend": "proposal_amend"}.get(action, f"proposal_{action}")
        return reverse(f"decisions:{name}", args=[proposal.pk])
    agreement = request.getfixturevalue("agreement")
    if action == "record the agreement":
        Agreement.objects.all().delete()  # the accepted proposal without its agreement yet
        return reverse("decisions:agreement_record", args=[agreement.proposal_id])
    return reverse(
        "decisions:agreement_done" if action == "mark done" else "decisions:agreement_drop", args=[agreement.pk]
    )


@pytest.mark.parametrize(("action", "role"), [(action, role) for action, roles in ROWS.items() for role in roles])
def test_permission_row(client, people, request, action, role):
    url = url_for(action, request)
    assert status_of(client, people[role], url) == ROWS[action][role]


def test_nobody_answers_after_the_deadline_and_nothing_opens_on_a_personal_blog(
    client, people, open_proposal, make_post
):
    Proposal.objects.filter(pk=open_proposal.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(people["colleague"])
    response = client.post(reverse("decisions:proposal_answer", args=[open_proposal.pk]), {"choice": "akkoord"})
    assert response.status_code == 400 and not Response.objects.exists()
    personal = make_post(author=people["site admin"])
    client.force_login(people["site admin"])
    assert client.get(reverse("decisions:proposal_open", args=[personal.pk])).status_code == 403


def many_agreements(team_blog, proposer, owners, n, start=0):
    """`n` accepted proposals with agreements, written in bulk: the register's rows."""
    now, today = timezone.now(), timezone.localdate()
    posts = Post.objects.bulk_create(
        Post(
            blog=team_blog,
            author=proposer,
            title=f"Idee {i}",
            slug=f"idee-{i}",
            body="x",
            body_html="<p>x</p>",
            status="published",
            published_at=now - datetime.timedelta(days=30),
        )
        for i in range(start, start + n)
    )
    proposals = Proposal.objects.bulk_create(
        Proposal(post=post, proposer=proposer, stage="aangenomen", body="x", body_html="<p>x</p>", deadline=now)
        for post in posts
    )
    Agreement.objects.bulk_create(
        Agreement(
            proposal=proposal,
            body="x",
            body_html="<p>x</p>",
            owner=owners[i % len(owners)],
            due_date=today + datetime.timedelta(days=i % 40 - 10),
            recorded_by=proposer,
        )
        for i, proposal in enumerate(proposals)
    )
    Proposal.objects.bulk_create(
        Proposal(post=post, proposer=proposer, stage="voorstel", body="y", body_html="<p>y</p>", deadline=week_ahead())
        for post in Post.objects.bulk_create(
            Post(
                blog=team_blog,
                author=proposer,
                title=f"Open {i}",
                slug=f"open-{i}",
                body="x",
                body_html="<p>x</p>",
                status="published",
                published_at=now,
            )
            for i in range(start, start + n)
        )
    )


@pytest.mark.parametrize("url", ["/agreements/", "/agreements/?state=te-laat&department=Jeugd", "/proposals/", "/"])
def test_decision_pages_do_not_grow_from_5_to_500(client, people, team_blog, url):
    owners = [people["owner"], people["colleague"]]
    client.force_login(people["colleague"])
    many_agreements(team_blog, people["proposer"], owners, 5)
    client.get(url)  # the first page of a visit also records the visit
    with_few = count_queries(client, url)
    many_agreements(team_blog, people["proposer"], owners, 495, start=5)
    assert count_queries(client, url) == with_few


def test_post_page_with_a_proposal_does_not_grow_with_answers(client, open_proposal, make_user, make_comment):
    url = open_proposal.post.get_absolute_url()
    reader = make_user("lezer")
    client.force_login(reader)
    for i in range(3):
        services.answer(open_proposal, person=make_user(f"a{i}"), choice="bezwaar", reason=f"Reden {i}")
    make_comment(open_proposal.post, "Eerste reactie")
    client.get(url)
    with_few = count_made_and_cached(client, url)
    for i in range(30):
        person = make_user(f"b{i}")
        services.answer(open_proposal, person=person, choice=["akkoord", "bezwaar", "onthouding"][i % 3], reason="Nee")
        make_comment(open_proposal.post, f"Reactie {i}", author=person)
    assert count_made_and_cached(client, url) == with_few
