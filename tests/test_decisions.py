"""Proposals, consent rounds and agreements: what colleagues see and may do (issue 9)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from blogs.models import PostRead
from decisions import followup, services
from decisions.models import Agreement, Event, Proposal, Response, earliest_deadline
from notifications.models import Notification


def week_ahead():
    return timezone.now() + datetime.timedelta(days=7)


def form_moment(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def idea(make_post, alice, personeelsblog):
    return make_post(author=alice, blog=personeelsblog, title="Eén personeelsblog", body="Wat als we één blog hebben?")


@pytest.fixture
def proposal(idea, alice):
    return services.open_proposal(
        idea, by=alice, body="We schrijven **alle** ideeën op het Personeelsblog.", deadline=week_ahead()
    )


def told(user, kind):
    return Notification.objects.filter(recipient=user, kind=kind).count()


def test_author_opens_a_proposal_and_the_people_named_are_told(client, idea, alice, bob, make_user):
    carla = make_user("carla", department="Collectie")
    dirk = make_user("dirk", department="Jeugd")
    client.force_login(alice)
    page = client.get(idea.get_absolute_url())
    assert "Maak er een voorstel van" in page.content.decode()
    response = client.post(
        reverse("decisions:proposal_open", args=[idea.pk]),
        {
            "body": "Eén blog voor alle ideeën.",
            "deadline": form_moment(week_ahead()),
            "departments": ["Collectie"],
            "people": "@dirk",
        },
    )
    assert response.status_code == 302
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Eén blog voor alle ideeën." in page
    assert "nog 6 dagen" in page or "nog 7 dagen" in page
    assert "deed een voorstel" in page  # the step in the thread
    # Bob and Carla work in Collectie, Dirk is named; Alice opened it herself.
    assert [told(person, "proposal_opened") for person in (bob, carla, dirk, alice)] == [1, 1, 1, 0]


@pytest.mark.parametrize("deadline", ["past", "tomorrow", "garbage"])
def test_a_deadline_too_soon_is_a_form_error_and_saves_nothing(client, idea, alice, deadline):
    moments = {
        "past": form_moment(timezone.now() - datetime.timedelta(days=1)),
        "tomorrow": form_moment(timezone.now() + datetime.timedelta(hours=20)),
        "garbage": "volgende week",
    }
    client.force_login(alice)
    response = client.post(
        reverse("decisions:proposal_open", args=[idea.pk]), {"body": "Ja.", "deadline": moments[deadline]}
    )
    assert response.status_code == 400
    assert Proposal.objects.count() == 0 and Event.objects.count() == 0


def test_a_proposal_on_a_personal_blog_is_refused_until_moved(
    client, make_post, alice, bob, make_comment, personeelsblog
):
    post = make_post(author=alice, title="Mijn idee")
    comment = make_comment(post, "Mooi!", author=bob)
    PostRead.mark(post, bob)
    old_address = post.get_absolute_url()
    client.force_login(alice)
    assert client.get(reverse("decisions:proposal_open", args=[post.pk])).status_code == 403
    client.force_login(bob)  # not the author
    assert client.post(reverse("decisions:post_move", args=[post.pk])).status_code == 403
    client.force_login(alice)
    response = client.post(reverse("decisions:post_move", args=[post.pk]))
    post.refresh_from_db()
    assert post.blog == personeelsblog and response["Location"] == post.get_absolute_url()
    assert list(post.comments.all()) == [comment] and post.reads.filter(user=bob).exists()
    moved = client.get(old_address)
    assert moved.status_code == 301 and moved["Location"] == post.get_absolute_url()
    assert client.get(reverse("decisions:proposal_open", args=[post.pk])).status_code == 200


def test_answers_count_once_can_change_and_an_objection_needs_a_reason(client, proposal, bob):
    client.force_login(bob)
    url = reverse("decisions:proposal_answer", args=[proposal.pk])
    assert client.post(url, {"choice": "bezwaar", "reason": "  "}).status_code == 400
    assert not Response.objects.exists()
    client.post(url, {"choice": "akkoord"})
    client.post(url, {"choice": "akkoord"})  # a double click
    assert Response.objects.get().choice == "akkoord"
    client.post(url, {"choice": "bezwaar", "reason": "Niet iedereen staat erachter."})
    response = Response.objects.get()
    assert response.choice == "bezwaar" and "Niet iedereen" in response.body_html
    assert told(proposal.proposer, "objection") == 1
    page = client.get(proposal.post.get_absolute_url()).content.decode()
    assert "Niet iedereen staat erachter." in page and "maakte bezwaar" in page


def test_an_answer_after_the_deadline_is_refused_with_a_message(client, proposal, bob):
    Proposal.objects.filter(pk=proposal.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    client.force_login(bob)
    response = client.post(reverse("decisions:proposal_answer", args=[proposal.pk]), {"choice": "akkoord"})
    assert response.status_code == 400
    assert "De ronde is gesloten" in response.content.decode()
    assert not Response.objects.exists()


def test_objection_answered_in_the_thread_then_amended_and_asked_again(client, proposal, alice, bob, make_user):
    carla = make_user("carla")
    services.answer(proposal, person=carla, choice="akkoord")
    objection = services.answer(proposal, person=bob, choice="bezwaar", reason="Nog niet iedereen staat erachter.")
    client.force_login(bob)  # not the proposer
    url = reverse("decisions:objection_resolve", args=[objection.pk])
    assert client.post(url, {"answer_text": "Toch wel"}).status_code == 403
    client.force_login(alice)
    assert client.post(url, {"answer_text": ""}).status_code == 400
    client.post(url, {"answer_text": "We vragen het eerst in het teamoverleg."})
    objection.refresh_from_db()
    assert objection.resolved_at and objection.answer.body.startswith("@bob ")
    assert told(bob, "mention") == 1  # the answer mentions the objector
    client.post(
        reverse("decisions:proposal_amend", args=[proposal.pk]),
        {"body": "Eerst in het teamoverleg, dan één blog.", "deadline": form_moment(week_ahead())},
    )
    proposal.refresh_from_db()
    assert proposal.version == 2 and proposal.stage == "voorstel"
    assert Response.objects.filter(version=1).count() == 2  # the history stays
    assert told(bob, "proposal_amended") == 1 and told(carla, "proposal_amended") == 1
    page = client.get(proposal.post.get_absolute_url()).content.decode()
    assert "versie 2" in page and "Akkoord (0)" in page
    assert "Versie 1: akkoord 1 · bezwaar 1 · onthouden 0" in page  # the earlier answers stay visible


def close(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    return services.close_round(proposal.pk, proposal.version)


def test_the_round_closes_once_accepted_without_open_objections(proposal, alice, bob):
    services.answer(proposal, person=bob, choice="akkoord")
    assert close(proposal).stage == "aangenomen"
    assert services.close_round(proposal.pk, proposal.version) is None  # a second worker finds nothing
    assert Event.objects.filter(what="accepted").count() == 1
    assert told(bob, "proposal_accepted") == 1 and told(alice, "proposal_accepted") == 1


def test_a_round_with_an_open_objection_goes_back_to_the_proposer(client, proposal, alice, bob):
    services.answer(proposal, person=bob, choice="bezwaar", reason="Te snel.")
    assert close(proposal).stage == "terug"
    assert told(alice, "proposal_returned") == 1
    client.force_login(alice)
    page = client.get(proposal.post.get_absolute_url()).content.decode()
    assert "open bezwaren" in page and "Voorstel aanpassen" in page and "Intrekken" in page


def test_withdraw_keeps_the_proposal_readable(client, proposal, alice, bob):
    client.force_login(bob)
    assert client.post(reverse("decisions:proposal_withdraw", args=[proposal.pk])).status_code == 403
    client.force_login(alice)
    client.post(reverse("decisions:proposal_withdraw", args=[proposal.pk]), {"note": "Te vroeg."})
    proposal.refresh_from_db()
    assert proposal.stage == "ingetrokken"
    client.force_login(bob)
    page = client.get(proposal.post.get_absolute_url()).content.decode()
    assert "Ingetrokken" in page and "Te vroeg." in page and "Antwoord geven" not in page


def test_an_editor_may_reject_a_colleague_may_not(client, make_post, team_blog, alice, bob, make_editor, make_user):
    post = make_post(author=alice, blog=team_blog)
    proposal = services.open_proposal(post, by=alice, body="Ja", deadline=week_ahead())
    client.force_login(bob)
    assert client.post(reverse("decisions:proposal_reject", args=[proposal.pk])).status_code == 403
    editor = make_user("eva")
    make_editor(editor)
    client.force_login(editor)
    client.post(reverse("decisions:proposal_reject", args=[proposal.pk]), {"note": ""})
    proposal.refresh_from_db()
    assert proposal.stage == "afgewezen"


@pytest.fixture
def accepted(proposal, bob):
    services.answer(proposal, person=bob, choice="akkoord")
    return close(proposal)


def agreement_form(owner, days=30, **extra):
    due = timezone.localdate() + datetime.timedelta(days=days)
    return {"body": "Eén personeelsblog.", "owner": owner.pk, "due_date": due.isoformat(), **extra}


def test_recording_the_agreement(client, accepted, alice, bob, make_user):
    url = reverse("decisions:agreement_record", args=[accepted.pk])
    client.force_login(bob)
    assert client.post(url, agreement_form(bob)).status_code == 403
    client.force_login(alice)
    gone = make_user("gerrit", is_active=False)
    response = client.post(url, agreement_form(gone))
    assert response.status_code == 400 and "werkt hier niet meer" in response.content.decode()
    assert client.post(url, agreement_form(bob, days=-1)).status_code == 400
    assert client.post(url, {**agreement_form(bob), "owner": ""}).status_code == 400
    assert not Agreement.objects.exists()
    client.post(url, agreement_form(bob))
    agreement = Agreement.objects.get()
    assert agreement.owner == bob and told(bob, "agreement_assigned") == 1
    page = client.get(accepted.post.get_absolute_url()).content.decode()
    assert "Eigenaar: Bob Jansen" in page and "met Bob Jansen als eigenaar" in page


def test_the_owner_marks_it_done_and_dropping_needs_a_reason(client, accepted, alice, bob, make_user):
    agreement = services.record_agreement(
        accepted, by=alice, body="Doen", owner=bob, due_date=timezone.localdate() + datetime.timedelta(days=10)
    )
    client.force_login(make_user("carla"))
    assert client.post(reverse("decisions:agreement_done", args=[agreement.pk])).status_code == 403
    client.force_login(alice)
    assert client.post(reverse("decisions:agreement_drop", args=[agreement.pk]), {"note": ""}).status_code == 400
    client.force_login(bob)
    client.post(reverse("decisions:agreement_done", args=[agreement.pk]), {"note": "Staat live."})
    agreement.refresh_from_db()
    assert agreement.state == "gedaan" and agreement.was_done_on_time()
    assert "Staat live." in client.get(accepted.post.get_absolute_url()).content.decode()


def test_round_reminder_once_only_to_the_concerned_who_have_not_answered(idea, alice, bob, make_user):
    carla, dirk, erik = make_user("carla"), make_user("dirk"), make_user("erik")
    proposal = services.open_proposal(idea, by=alice, body="Ja", deadline=week_ahead(), people=[bob, carla, dirk])
    services.answer(proposal, person=carla, choice="akkoord")
    at = proposal.deadline - datetime.timedelta(hours=23)
    assert followup.catch_up(now=proposal.deadline - datetime.timedelta(hours=30))["reminded"] == 0  # not yet
    assert followup.catch_up(now=at)["reminded"] == 1
    assert followup.catch_up(now=at)["reminded"] == 0
    assert followup.remind_round(proposal.pk, proposal.version, now=at) is False
    assert [told(p, "round_ending") for p in (bob, carla, dirk, erik, alice)] == [1, 0, 1, 0, 0]


def test_agreement_reminders_due_soon_then_weekly_while_overdue(accepted, alice, bob):
    today = timezone.localdate()
    agreement = services.record_agreement(
        accepted,
        by=alice,
        body="Doen",
        owner=bob,
        due_date=today + datetime.timedelta(days=10),
        review_date=today + datetime.timedelta(days=40),
    )
    due = agreement.due_date
    days = {
        due - datetime.timedelta(days=4): [],
        due - datetime.timedelta(days=3): ["soon"],
        due - datetime.timedelta(days=2): [],
        due: [],
        due + datetime.timedelta(days=1): ["overdue"],
        due + datetime.timedelta(days=5): [],
        due + datetime.timedelta(days=8): ["overdue"],
        agreement.review_date: ["overdue", "review"],
    }
    for day, expected in days.items():
        assert followup.follow_up(agreement, today=day) == expected, day
    assert told(bob, "agreement_due") == 1 and told(bob, "agreement_overdue") == 3
    assert told(bob, "agreement_review") == 1 and told(alice, "agreement_review") == 1


def test_the_next_agreement_reminder_is_planned_once(accepted, alice, bob):
    from django_tasks_db.models import DBTaskResult

    today = timezone.localdate()
    agreement = services.record_agreement(
        accepted, by=alice, body="Doen", owner=bob, due_date=today + datetime.timedelta(days=10)
    )
    planned = Agreement.objects.get().followup_at
    assert timezone.localtime(planned).date() == agreement.due_date - datetime.timedelta(days=3)
    queued = DBTaskResult.objects.filter(task_path__endswith="follow_up_agreement_task").count()
    soon = agreement.due_date - datetime.timedelta(days=3)
    assert followup.run_planned_followup(agreement.pk, planned, today=soon) == "planned"
    assert followup.run_planned_followup(agreement.pk, planned, today=soon) == "already planned"  # run twice
    assert DBTaskResult.objects.filter(task_path__endswith="follow_up_agreement_task").count() == queued + 1


def test_opening_queues_the_close_at_the_deadline(proposal):
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.get(task_path__endswith="close_round_task")
    assert task.run_after == proposal.deadline and task.args_kwargs["args"] == [proposal.pk, 1]


def test_earliest_deadline_skips_the_weekend():
    friday = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=timezone.get_current_timezone())
    assert earliest_deadline(friday).date() == datetime.date(2026, 12, 8)


def test_feeds_mark_a_post_with_its_state(client, proposal, alice, bob):
    client.force_login(bob)
    feed = client.get(reverse("blogs:feed") + f"?token={bob.feed_token}").content.decode()
    assert "Voorstel · nog 6 dagen —" in feed or "Voorstel · nog 7 dagen —" in feed
    close(proposal)
    services.record_agreement(proposal, by=alice, body="Doen", owner=bob, due_date=datetime.date(2027, 1, 15))
    feed = client.get(reverse("blogs:feed") + f"?token={bob.feed_token}").content.decode()
    assert "Afspraak · Bob Jansen · 15 januari —" in feed


def test_cards_on_the_front_page_and_the_blog_page_show_the_state_as_it_is_now(client, proposal, alice, bob):
    client.force_login(bob)
    for url in (reverse("blogs:front_page"), proposal.post.blog.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Voorstel · nog 6 dagen" in page or "Voorstel · nog 7 dagen" in page, url
    # Time passes without any write: the cached card still tells the time left as it is now.
    Proposal.objects.filter(pk=proposal.pk).update(deadline=timezone.now() + datetime.timedelta(hours=5, minutes=30))
    assert "Voorstel · nog 5 uur" in client.get(reverse("blogs:front_page")).content.decode()
    close(proposal)
    services.record_agreement(proposal, by=alice, body="Doen", owner=bob, due_date=datetime.date(2027, 1, 15))
    assert "Afspraak · Bob Jansen · 15 januari" in client.get(reverse("blogs:front_page")).content.decode()
