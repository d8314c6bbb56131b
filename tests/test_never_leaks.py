"""One walk over every surface, as every role: what a reader may not see appears nowhere.

Hidden are: a draft (a post taken back to draft after a discussion, so the sidebar, the comment
feed and comment links had something to show), a post scheduled for tomorrow, a removed comment,
and, for visitors who are not logged in while the site does not allow anonymous reading, every
post. Then the draft is published, the schedule's moment arrives and anonymous reading is
allowed, and each appears where it should. Proposals and agreements on posts taken back to draft
are hidden the same way, in the lists of open proposals and the agreements register and its feed.
Search is walked too: one query that every hidden text (and the open post) answers.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from blogs.models import Post
from blogs.services import save_post
from comments.services import add_comment, remove_comment
from decisions import services as decisions
from decisions.models import Proposal
from notifications.digests import Period, build_digest, period_content

DRAFT = "Conceptplan voor de zomer"
SCHEDULED = "Aankondiging van morgen"
REMOVED = "Deze reactie had nooit mogen blijven staan"
DRAFT_COMMENT = "Reactie onder het concept"
OPEN = "Open bericht voor iedereen"
SECRET_PROPOSAL = "Voorstel dat weer concept werd"
SECRET_AGREEMENT = "Afspraak bij een bericht dat weer concept werd"
# An imported commenter who is no colleague shows their name, never their e-mail address.
GUEST_EMAIL = "piet.gast@buiten.example"
# A query every text above answers (a word of each, OR'ed): search must still hide the hidden ones.
SEARCHED = "conceptplan OF aankondiging OF reactie OF open OF voorstel OF afspraak OF zomer"


def proposal_taken_back(make_post, blog, author, title, *, agreed):
    """A proposal (and with `agreed`, its agreement) on a post its author then took back to draft."""
    post = make_post(author=author, blog=blog, title=title)
    deadline = timezone.now() + timezone.timedelta(days=7)
    proposal = decisions.open_proposal(post, by=author, body=f"{title}: tekst", deadline=deadline)
    if agreed:
        Proposal.objects.filter(pk=proposal.pk).update(deadline=timezone.now())
        proposal = decisions.close_round(proposal.pk, 1)
        due = timezone.localdate() + timezone.timedelta(days=3)
        decisions.record_agreement(proposal, by=author, body=f"{title}: afspraak", owner=author, due_date=due)
    save_post(post, publish=False)
    return post


@pytest.fixture
def world(alice, bob, make_user, make_post, admin_user, team_blog, make_editor):
    carol = make_user("carol", display_name="Carol Smit", department="Jeugd")
    make_editor(carol)  # an editor of a team blog, not of alice's blog
    visible = make_post(title=OPEN, tags=["zomer"], body="Iedereen mag dit lezen, @carol.")
    add_comment(post=visible, author=bob, body="Een gewone reactie")
    guest = {"guest_name": "Piet van Buiten", "guest_email": GUEST_EMAIL, "guest_url": ""}
    add_comment(post=visible, author=None, guest=guest, body="Een reactie uit de import", announce=False)
    removed = add_comment(post=visible, author=carol, body=f"{REMOVED}, @alice")
    remove_comment(removed, by=carol)
    draft = make_post(title=DRAFT, tags=["zomer"], body="Nog geheim, @bob")
    draft_comment = add_comment(post=draft, author=bob, body=f"{DRAFT_COMMENT} @carol")
    save_post(draft, publish=False)  # taken back to draft after its discussion
    scheduled = save_post(
        Post(blog=alice.personal_blog, author=alice, title=SCHEDULED, body="Morgen, @bob"),
        publish=True,
        published_at=timezone.now() + timezone.timedelta(days=1),
        tag_names=["zomer"],
    )
    proposal_taken_back(make_post, team_blog, alice, SECRET_PROPOSAL, agreed=False)
    proposal_taken_back(make_post, team_blog, alice, SECRET_AGREEMENT, agreed=True)
    return {
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "admin": admin_user,
        "draft": draft,
        "draft_comment": draft_comment,
        "scheduled": scheduled,
        "visible": visible,
        "removed": removed,
    }


def surfaces(world, reader):
    """Every page, feed and fragment that lists posts or comments, as (name, url)."""
    alice, draft, scheduled = world["alice"], world["draft"], world["scheduled"]
    token = f"?token={reader.feed_token}" if reader.is_authenticated else ""
    return [
        ("front page", reverse("blogs:front_page")),
        ("front page, filtered", reverse("blogs:front_page") + "?tag=zomer"),
        ("blog list", reverse("blogs:blog_list")),
        ("blog", alice.personal_blog.get_absolute_url()),
        ("tag", reverse("blogs:tag_detail", args=["zomer"])),
        ("draft's page", draft.get_absolute_url()),
        ("scheduled post's page", scheduled.get_absolute_url()),
        ("open post's page", world["visible"].get_absolute_url()),
        ("profile", alice.get_absolute_url()),
        ("commenter's profile", world["bob"].get_absolute_url()),
        ("directory", reverse("people:directory")),
        ("feed", reverse("blogs:feed") + token),
        ("blog feed", reverse("blogs:blog_feed", args=[alice.personal_blog.slug]) + token),
        ("tag feed", reverse("blogs:tag_feed", args=["zomer"]) + token),
        ("draft's comment feed", reverse("comments:post_comments_feed", args=[draft.pk]) + token),
        ("open post's comment feed", reverse("comments:post_comments_feed", args=[world["visible"].pk]) + token),
        ("draft's comment link", reverse("comments:comment_permalink", args=[world["draft_comment"].pk])),
        ("notifications", reverse("notifications:notification_list")),
        ("open proposals", reverse("decisions:proposal_list")),
        ("agreements", reverse("decisions:agreement_register")),
        ("agreements, overdue or due", reverse("decisions:agreement_register") + "?state=open"),
        ("agreements feed", reverse("decisions:agreement_feed") + token),
        ("agreements download", reverse("decisions:agreement_register") + "?format=csv"),
        ("search", reverse("search:search_results") + "?q=" + SEARCHED),
        ("search feed", reverse("search:search_feed") + (token or "?") + "&q=" + SEARCHED),
    ]


# Where a post's own author (and a site admin, who may see every draft) finds their unpublished
# work: the editor's way back to it. Everywhere else it is hidden from them too.
OWN_WORK = {"blog", "draft's page", "scheduled post's page", "profile", "notifications"}


def walk(client, world, reader):
    """What `reader` sees on every surface, by surface name (the text of the answer, or its status)."""
    client.logout()
    if reader.is_authenticated:
        client.force_login(reader)
    seen = {}
    for name, url in surfaces(world, reader):
        response = client.get(url, follow=True)
        text = response.content.decode().replace("<mark>", "").replace("</mark>", "")  # search's highlights
        seen[name] = text if response.status_code == 200 else str(response.status_code)
    period = Period("weekly", timezone.now() - timezone.timedelta(days=7), timezone.now())
    if reader.is_authenticated:
        digest = build_digest(reader, period, period_content(period))
        seen["digest"] = digest.body + digest.alternatives[0].content
    return seen


def hidden_for(reader, world):
    """The texts `reader` may not see on each surface."""
    shown_own_work = reader.is_authenticated and (reader == world["alice"] or reader.is_site_admin)
    # Carol edits the team blog the proposals are on: she sees its drafts where their writer would.
    shown_team_work = shown_own_work or reader == world["carol"]
    return lambda surface: (
        [REMOVED, GUEST_EMAIL]
        + ([] if shown_own_work and surface in OWN_WORK else [DRAFT, SCHEDULED, DRAFT_COMMENT])
        + ([] if shown_team_work and surface in OWN_WORK - {"blog"} else [SECRET_PROPOSAL, SECRET_AGREEMENT])
    )


ROLES = ["alice", "bob", "carol", "admin", "anonymous"]


def reader_named(world, role):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if role == "anonymous" else world[role]


@pytest.mark.parametrize("role", ROLES)
def test_nothing_hidden_appears_anywhere(client, settings, world, role):
    settings.BLOGNET_ANONYMOUS_READING = role == "anonymous"
    reader = reader_named(world, role)
    hidden = hidden_for(reader, world)
    for surface, text in walk(client, world, reader).items():
        for secret in hidden(surface):
            assert secret not in text, f"{role} sees {secret!r} on the {surface}"
    # The surfaces did show what is public (so the walk looked at real pages).
    assert OPEN in walk(client, world, reader)["front page"]


def test_without_anonymous_reading_a_visitor_sees_no_post_at_all(client, world):
    from django.contrib.auth.models import AnonymousUser

    for surface, text in walk(client, world, AnonymousUser()).items():
        for title in (OPEN, DRAFT, SCHEDULED):
            assert title not in text, f"an anonymous visitor sees {title!r} on the {surface}"


def test_what_becomes_public_appears_where_it_should(client, settings, world):
    save_post(world["draft"], publish=True)
    Post.objects.filter(pk=world["scheduled"].pk).update(published_at=timezone.now() - timezone.timedelta(minutes=1))
    client.force_login(world["carol"])  # she removed her comment, and puts it back
    client.post(reverse("comments:comment_restore", args=[world["removed"].pk]))
    settings.BLOGNET_ANONYMOUS_READING = True
    for role in ROLES:
        seen = walk(client, world, reader_named(world, role))
        for surface in (
            "front page",
            "front page, filtered",
            "blog",
            "tag",
            "profile",
            "feed",
            "blog feed",
            "tag feed",
            "search",
        ):
            assert DRAFT in seen[surface], f"{role} misses the published draft on the {surface}"
            assert SCHEDULED in seen[surface], f"{role} misses the scheduled post on the {surface}"
        assert DRAFT_COMMENT in seen["draft's comment feed"], role
        assert DRAFT_COMMENT in seen["draft's comment link"], role
        for surface in ("open post's page", "open post's comment feed", "search"):
            assert REMOVED in seen[surface], f"{role} misses the restored comment on the {surface}"
    for post in Post.objects.filter(title__in=[SECRET_PROPOSAL, SECRET_AGREEMENT]):
        save_post(post, publish=True)
    for role in ("bob", "carol", "admin"):
        seen = walk(client, world, reader_named(world, role))
        assert SECRET_PROPOSAL in seen["open proposals"], role
        assert SECRET_AGREEMENT in seen["agreements"] and SECRET_AGREEMENT in seen["agreements feed"], role
        assert SECRET_AGREEMENT in seen["agreements download"], role
    bob_sees = walk(client, world, world["bob"])
    assert DRAFT in bob_sees["notifications"]  # mentioned in it: he hears of it once it is public
    assert SCHEDULED in bob_sees["notifications"] or SCHEDULED in bob_sees["digest"]
