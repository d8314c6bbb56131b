"""'Wacht op jou' on the front page comes from the cache (blogs.fragments.cached_for_reader), yet
shows every change at once: an answer, a new proposal, an agreement given to the reader, and a
deadline that passes with nobody writing anything."""

import datetime
import time

import pytest
from django.utils import timezone

from blognet.models import ContentGeneration
from decisions import services
from decisions.models import Proposal, Response


def box(client):
    page = client.get("/").content.decode()
    if "Wacht op jou" not in page:
        return ""
    start = page.index('id="waiting-heading"')
    return page[start : page.index("</section>", start)]


@pytest.fixture
def proposal(make_post, team_blog, alice):
    post = make_post(author=alice, blog=team_blog, title="Eén blog voor alle teams")
    deadline = timezone.now() + datetime.timedelta(days=10)
    return services.open_proposal(post, by=alice, body="Eén blog.", deadline=deadline)


def test_an_answer_takes_the_proposal_out_of_the_box_at_once(client, proposal, make_user):
    carla = make_user("carla")
    client.force_login(carla)
    assert "Eén blog voor alle teams" in box(client)
    assert "Eén blog voor alle teams" in box(client)  # the second time from the cache
    services.answer(proposal, person=carla, choice=Response.Choice.CONSENT)
    assert box(client) == ""


def test_a_new_proposal_and_an_agreement_given_to_the_reader_show_at_once(
    client, make_post, team_blog, alice, make_user
):
    wilma = make_user("wilma")
    client.force_login(wilma)
    assert box(client) == ""
    post = make_post(author=alice, blog=team_blog, title="Vaste leesclub op woensdag")
    proposal = services.open_proposal(
        post, by=alice, body="Elke woensdag.", deadline=timezone.now() + datetime.timedelta(days=10)
    )
    assert "Vaste leesclub op woensdag" in box(client)
    Proposal.objects.filter(pk=proposal.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    closed = services.close_round(proposal.pk, 1)
    due = timezone.localdate() + datetime.timedelta(days=3)
    services.record_agreement(closed, by=alice, body="We doen het.", owner=wilma, due_date=due)
    shown = box(client)
    assert "Afspraak" in shown and "Vaste leesclub op woensdag" in shown


def test_a_deadline_that_passes_takes_the_proposal_out_without_a_write(client, make_post, team_blog, alice, make_user):
    post = make_post(author=alice, blog=team_blog, title="Koffie in de kantine")
    services.open_proposal(post, by=alice, body="Gratis koffie.", deadline=timezone.now() + datetime.timedelta(days=10))
    # Nothing else writes: only the deadline, moved as the round's end would come, ends the box's line.
    Proposal.objects.filter(post=post).update(deadline=timezone.now() + datetime.timedelta(seconds=1.5))
    ContentGeneration.bump()  # the update above is no write path; the cache starts from this state
    client.force_login(make_user("carla"))
    assert "Koffie in de kantine" in box(client)
    time.sleep(2)
    assert box(client) == ""
