import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from blogs.models import Post
from comments.models import Comment
from decisions.models import Agreement, Event, Proposal, Response
from people.models import User


def counts():
    return (
        User.objects.count(),
        Post.objects.count(),
        Comment.objects.count(),
        Proposal.objects.count(),
        Response.objects.count(),
        Agreement.objects.count(),
        Event.objects.count(),
    )


def test_seed_demo_twice_changes_nothing(db):
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first
    assert first[0] >= 12
    assert User.objects.get(username="demo").check_password("blognet-demo")
    assert Post.objects.filter(blog__slug="personeelsblog").published().exists()


def test_seed_demo_tells_how_an_idea_became_a_done_agreement(client, db):
    call_command("seed_demo", verbosity=0)
    agreement = Agreement.objects.get(owner__username="wilma", state=Agreement.State.DONE)
    proposal = agreement.proposal
    assert proposal.version == 2 and proposal.stage == Proposal.Stage.ACCEPTED
    assert proposal.proposer.username == "bas" and proposal.post.blog.is_personeelsblog
    objection = Response.objects.get(proposal=proposal, version=1, choice=Response.Choice.OBJECT)
    assert objection.person.username == "josien" and objection.resolved_at is not None
    assert objection.answer.author.username == "bas"  # answered in the thread
    everybody = User.objects.filter(username__in=["demo", "wilma", "josien", "ahmed"])
    assert set(proposal.answered_by(2).filter(pk__in=everybody)) == set(everybody)
    assert not proposal.current_responses().exclude(choice=Response.Choice.CONSENT).exists()
    assert agreement.was_done_on_time()
    steps = list(proposal.events.values_list("created_at", flat=True))
    assert steps == sorted(steps) and steps[-1] < timezone.now()  # a story told in the order it happened
    assert Post.objects.get(title="Hoe komen we van ideeën tot daden?").comments.exists()

    client.force_login(User.objects.get(username="demo"))
    page = client.get(proposal.post.get_absolute_url()).content.decode()
    assert "Nog niet iedereen staat erachter." in page and "versie 2" in page
    front = client.get(reverse("blogs:front_page")).content.decode()
    assert "Wacht op jou" in front and "Ideeën gezocht voor de Maand van de Geschiedenis" in front
    assert "Maand van de Geschiedenis" in client.get(reverse("decisions:proposal_list")).content.decode()
    assert Agreement.objects.overdue().exists()
    assert Agreement.objects.filter(owner__username="demo", state=Agreement.State.OPEN).exists()


def test_generate_data_is_deterministic_and_threads_one_busy_post(db):
    call_command("generate_data", staff=5, posts=40, comments=1200, seed=7, verbosity=0)
    titles = list(Post.objects.order_by("slug").values_list("title", flat=True))
    busy = Post.objects.order_by("-comment_count").first()
    assert busy.comment_count >= 1000
    assert busy.comments.filter(parent__isnull=False).exists()
    Comment.objects.all().delete()
    Post.objects.filter(author__username__startswith="medewerker").delete()
    User.objects.filter(username__startswith="medewerker").delete()
    call_command("generate_data", staff=5, posts=40, seed=7, verbosity=0)
    assert list(Post.objects.order_by("slug").values_list("title", flat=True)) == titles


def test_generate_data_proposals_reach_every_stage_and_every_agreement_state(client, db):
    call_command("generate_data", staff=20, posts=400, comments=500, proposals=30, seed=3, verbosity=0)
    assert set(Proposal.objects.values_list("stage", flat=True)) == set(Proposal.Stage.values)
    agreements = list(Agreement.objects.all())
    states = {agreement.shown_state() for agreement in agreements}
    assert states == {"Open", "te laat", "Gedaan", "Vervallen"}
    done = [agreement for agreement in agreements if agreement.state == Agreement.State.DONE]
    assert {agreement.was_done_on_time() for agreement in done} == {True, False}  # on time and late
    assert Response.objects.filter(choice="bezwaar", resolved_at__isnull=False).exists()
    returned = Proposal.objects.filter(stage=Proposal.Stage.RETURNED)
    assert all(proposal.open_objections().exists() for proposal in returned)
    assert not Proposal.objects.filter(body_html="").exists() and not Agreement.objects.filter(body_html="").exists()
    assert not Response.objects.filter(choice="bezwaar", body_html="").exists()
    assert set(Event.objects.values_list("what", flat=True)) == set(Event.What.values)

    client.force_login(User.objects.get(username="medewerker00001"))
    register = client.get(reverse("decisions:agreement_register")).content.decode()
    assert "te laat" in register and "Vervallen" in register


def test_generate_data_refuses_more_proposals_than_personeelsblog_posts(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--proposals"):
        call_command("generate_data", staff=3, posts=20, comments=0, proposals=50, verbosity=0)
    assert not Proposal.objects.exists()
