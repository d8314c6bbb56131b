"""Two processes at the deadline: real `db_worker`s closing a round, and an answer arriving in the
same instant as the close. Each runs in its own process against the test database (a file on
SQLite), with its own connection and locks, as in production."""

import datetime
import os
import subprocess
import sys
import time

import pytest
from django.utils import timezone

from decisions import services
from decisions.models import Event, Proposal, Response
from notifications.models import Notification
from tests.workers import ROOT, database_url, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def opened_days_ago(post, by, deadline):
    """A proposal opened four days ago whose round ends at `deadline`, with its close task queued."""
    return services.open_proposal(
        post,
        by=by,
        body="Eén blog voor alle ideeën.",
        deadline=deadline,
        at=timezone.now() - datetime.timedelta(days=4),
    )


def test_two_workers_close_a_round_exactly_once(make_post, alice, bob, personeelsblog, start_worker, smtp):
    post = make_post(author=alice, blog=personeelsblog)
    proposal = opened_days_ago(post, alice, timezone.now() + datetime.timedelta(seconds=2))
    services.answer(proposal, person=bob, choice="akkoord")
    workers = [start_worker(smtp.port), start_worker(smtp.port)]
    closed = Proposal.objects.filter(pk=proposal.pk, stage="aangenomen")
    assert wait_for(closed.exists, timeout=40), workers[0].log() + workers[1].log()
    time.sleep(1.5)  # both workers have polled the queue again since
    assert Event.objects.filter(proposal=proposal, what="accepted").count() == 1
    assert Notification.objects.filter(recipient=bob, kind="proposal_accepted").count() == 1


ANSWER = """
import os, time
from decisions import services
from decisions.models import Proposal
from django.core.exceptions import ValidationError
until = float(os.environ["RACE_AT"])
proposal = Proposal.objects.get(pk=int(os.environ["RACE_PROPOSAL"]))
person = proposal.proposer.__class__.objects.get(username="bob")
while time.time() < until:
    pass
try:
    services.answer(proposal, person=person, choice="bezwaar", reason="Te snel.")
    print("counted")
except ValidationError as error:
    print("refused:", " ".join(error.messages))
"""


@pytest.mark.parametrize("offset", [-0.02, -0.005, 0.0, 0.005])
def test_an_answer_in_the_same_instant_as_the_close_is_counted_or_refused_never_lost(
    make_post, alice, bob, personeelsblog, offset
):
    post = make_post(author=alice, blog=personeelsblog)
    start = time.time() + 4  # after the other process has started Django
    deadline = datetime.datetime.fromtimestamp(start, tz=datetime.UTC)
    proposal = opened_days_ago(post, alice, deadline)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "blognet.settings",
        "DATABASE_URL": database_url(),
        "RACE_PROPOSAL": str(proposal.pk),
        "RACE_AT": str(start + offset),
    }
    answering = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", ANSWER],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    while time.time() < start:
        pass
    closed = services.close_round(proposal.pk, 1)
    said = answering.communicate(timeout=30)[0].strip().splitlines()[-1]
    proposal.refresh_from_db()
    assert closed is not None
    if said == "counted":
        # It was saved before the round closed, and the close saw it: the objection sends it back.
        assert Response.objects.filter(proposal=proposal, version=1, person=bob).exists()
        assert proposal.stage == "terug"
    else:
        assert said == "refused: De ronde is gesloten: je antwoord is niet meer meegeteld."
        assert not Response.objects.exists() and proposal.stage == "aangenomen"
