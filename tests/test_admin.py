import datetime
import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst

from blogs.models import Blog, Membership, PostImage
from comments.models import Mention, Reaction
from decisions.models import Agreement, Event, Proposal, Response
from notifications.models import BlogFollow, ColleagueFollow, EmailPreference, Follow, Notification
from people.models import User

PAGES = [
    "admin:people_user_changelist",
    "admin:people_user_add",
    "admin:blogs_blog_changelist",
    "admin:blogs_blog_add",
    "admin:blogs_post_changelist",
    "admin:blogs_tag_changelist",
    "admin:blogs_postimage_changelist",
    "admin:comments_comment_changelist",
    "admin:notifications_notification_changelist",
    "admin:auth_group_changelist",
]


@pytest.mark.parametrize("name", PAGES)
def test_admin_pages_open_for_site_admins(client, admin_user, make_post, make_comment, name):
    make_comment(make_post())
    client.force_login(admin_user)
    assert client.get(reverse(name)).status_code == 200


def test_admin_creates_a_colleague_with_a_personal_blog(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:people_user_add"),
        {
            "username": "nieuwe.collega",
            "password1": "een-goed-wachtwoord-77",
            "password2": "een-goed-wachtwoord-77",
            "usable_password": "true",
            "email": "nieuw@bibliotheek.example",
            "display_name": "Nina Nieuw",
            "department": "Jeugd",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="nieuwe.collega").personal_blog.title == "Blog van Nina Nieuw"


def test_admin_makes_a_team_blog_with_an_editor(client, admin_user, bob):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:blogs_blog_add"),
        {
            "slug": "team-collectie",
            "title": "Team Collectie",
            "tagline": "",
            "kind": "shared",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": bob.pk,
            "memberships-0-role": "editor",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    blog = Blog.objects.get(slug="team-collectie")
    assert Membership.objects.get(blog=blog).user == bob
    assert blog in Blog.objects.writable_by(bob)
    assert blog in Blog.objects.edited_by(bob)


def test_staff_members_do_not_get_into_the_admin(client, alice):
    client.force_login(alice)
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_personal_blog_without_owner_is_a_form_error_not_a_crash(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:blogs_blog_add"),
        {
            "slug": "zonder-eigenaar",
            "title": "Zonder eigenaar",
            "kind": "personal",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Een persoonlijk blog heeft een eigenaar" in response.content.decode()
    assert not Blog.objects.filter(slug="zonder-eigenaar").exists()


# Issue 13: the admin stays for developers, but what people still meet there is Dutch.
DUTCH_ADMIN_APPS = {"blogs", "comments", "decisions", "notifications", "imports", "people"}
# Fields whose Dutch name is the very word Django would make of the field's name: they are named
# explicitly all the same, so that the word is a choice and not an accident.
SAME_IN_DUTCH = {"blog", "status", "tags"}


def admin_models():
    """The models of these apps in the admin: registered ones and the inlines on their pages."""
    models = set()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in DUTCH_ADMIN_APPS:
            models.add(model)
            models.update(inline.model for inline in model_admin.inlines)
    return sorted(models, key=lambda model: model._meta.label)


def registered_models():
    return [model for model in admin_models() if model in admin.site._registry]


def named_fields(model):
    """The fields a developer declared (the automatic primary key and reverse relations aside)."""
    return [field for field in model._meta.get_fields() if field.concrete and not field.auto_created]


def automatic_label(field):
    """What Django calls a field that was given no verbose_name."""
    return field.name.replace("_", " ")


def is_same_in_dutch(field):
    explicit = "verbose_name" in field.deconstruct()[3]
    return explicit and field.name in SAME_IN_DUTCH and str(field.verbose_name) == automatic_label(field)


def is_unnamed(field):
    return str(field.verbose_name) == automatic_label(field) and not is_same_in_dutch(field)


@pytest.mark.parametrize("model", admin_models(), ids=lambda model: model._meta.label)
def test_every_field_in_the_admin_has_a_dutch_name(model):
    with translation.override("nl"):
        assert [field.name for field in named_fields(model) if is_unnamed(field)] == []
        assert {"verbose_name", "verbose_name_plural"} <= model._meta.original_attrs.keys()


@pytest.fixture
def one_of_each(make_post, make_comment, alice, bob, personeelsblog):
    """A row for every model in the admin: an empty changelist shows no column headers."""
    post = make_post(tags=["leesclub"])
    comment = make_comment(post)
    idea = make_post(blog=personeelsblog, title="Eén personeelsblog", body="Wat als we één blog hebben?")
    PostImage.objects.create(image="posts/2026/12/leesclub.jpg", alt_text="De leesclub", uploaded_by=alice)
    Mention.objects.create(user=alice, post=post, comment=comment)
    Reaction.objects.create(user=alice, post=post, comment=comment, kind=Reaction.Kind.THANKS)
    proposal = Proposal.objects.create(
        post=idea, proposer=alice, body="Eén blog voor iedereen.", deadline=timezone.now() + datetime.timedelta(days=7)
    )
    Response.objects.create(proposal=proposal, person=bob, version=1, choice=Response.Choice.CONSENT)
    Agreement.objects.create(
        proposal=proposal,
        body="Eén personeelsblog.",
        owner=bob,
        due_date=timezone.localdate() + datetime.timedelta(days=30),
        recorded_by=alice,
    )
    Event.objects.create(proposal=proposal, what=Event.What.OPENED, actor=alice, version=1)
    Notification.objects.create(recipient=alice, actor=bob, kind="comment", post=post, comment=comment)
    Follow.objects.get_or_create(user=bob, post=post)
    ColleagueFollow.objects.create(user=bob, person=alice)
    BlogFollow.objects.create(user=bob, blog=personeelsblog)
    EmailPreference.objects.create(user=bob, digest="weekly")


@pytest.mark.parametrize("model", registered_models(), ids=lambda model: model._meta.label)
def test_admin_lists_show_no_english_field_names(client, admin_user, one_of_each, model):
    client.force_login(admin_user)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with translation.override("nl"):
        response = client.get(url)
        english = {automatic_label(field) for field in named_fields(model) if not is_same_in_dutch(field)}
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="results"' in page  # the rows, and with them the column headers, are shown
    assert "Created at" not in page
    for label in english:
        assert not re.search(rf">\s*{re.escape(capfirst(label))}\s*<", page), f"column {label!r} in {url}"
        assert f'data-filter-title="{label}"' not in page, f"filter {label!r} in {url}"
