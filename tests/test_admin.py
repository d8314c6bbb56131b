import pytest
from django.urls import reverse

from blogs.models import Blog, Membership
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
