"""Beheer (/manage/): site admins invite, import, deactivate, give roles and make team blogs."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from blogs.models import Blog, Membership, Post
from people import onboarding
from people.models import User
from siteadmin import services

NEW_PASSWORD = "zomer-leesclub-2031"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def welcome_link(message):
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://127\.0\.0\.1:8000(/accounts/welcome/\S+/)", text).group(1)


def csv_file(text, name="collegas.csv", bom=False):
    data = ("\ufeff" if bom else "") + text
    return SimpleUploadedFile(name, data.encode("utf-8"), content_type="text/csv")


PAGES = [
    ("manage:colleague_list", []),
    ("manage:colleague_invite", []),
    ("manage:colleague_import", []),
    ("manage:colleague_detail", ["bob"]),
    ("manage:teamblog_list", []),
    ("manage:teamblog_create", []),
    ("manage:teamblog_detail", ["team-jeugd"]),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_site_admins_open_every_manage_page(client, admin_user, bob, team_blog, name, args):
    client.force_login(admin_user)
    assert client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_a_staff_member_gets_403(client, alice, bob, team_blog, name, args):
    alice.is_staff = True  # even the Django admin's staff flag is not enough
    alice.save()
    client.force_login(alice)
    assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_visitors_log_in_first(client, bob, team_blog, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_writes_are_post_only_and_refused_to_colleagues(client, alice, bob):
    client.force_login(alice)
    assert client.post(reverse("manage:colleague_deactivate", args=["bob"])).status_code == 403
    bob.refresh_from_db()
    assert bob.is_active


def test_the_menu_leads_site_admins_to_beheer(client, admin_user, alice):
    client.force_login(admin_user)
    page = client.get(reverse("blogs:front_page")).content.decode()
    assert f'href="{reverse("manage:colleague_list")}">Beheer' in page
    assert reverse("admin:index") in client.get(reverse("manage:colleague_list")).content.decode()
    client.force_login(alice)
    assert reverse("manage:colleague_list") not in client.get(reverse("blogs:front_page")).content.decode()


def test_the_list_searches_and_filters(client, admin_user, alice, bob):
    services.deactivate(bob, by=admin_user)
    client.force_login(admin_user)
    page = client.get(reverse("manage:colleague_list")).content.decode()
    assert "Alice de Vries" in page and "Bob Jansen" not in page
    page = client.get(reverse("manage:colleague_list"), {"status": "inactive"}).content.decode()
    assert "Bob Jansen" in page and "Alice de Vries" not in page
    page = client.get(reverse("manage:colleague_list"), {"q": "jeugd", "status": "all"}).content.decode()
    assert "Alice de Vries" in page and "Bob Jansen" not in page
    assert "alice@bibliotheek.example" in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_invitation_makes_the_account_and_blog_and_one_mail_whose_link_sets_the_password_once(
    client, smtp, admin_user
):
    client.force_login(admin_user)
    response = client.post(
        reverse("manage:colleague_invite"),
        {"name": "Anna de Boer", "email": "Anna.deBoer@Bibliotheek.example", "department": "Jeugd"},
    )
    anna = User.objects.get(email="anna.deboer@bibliotheek.example")
    assert response.status_code == 302
    assert response.url == reverse("manage:colleague_detail", args=[anna.username])
    assert anna.username == "anna.deboer"
    assert not anna.has_usable_password()
    assert anna.personal_blog.title == "Blog van Anna de Boer"
    assert anna.department == "Jeugd"

    run_worker()
    (message,) = smtp.messages
    assert message["To"] == "anna.deboer@bibliotheek.example"
    assert "stel je wachtwoord in" in message["Subject"].lower()
    text = message.get_body(("plain",)).get_content()
    assert "anna.deboer" in text and " uw " not in text
    link = welcome_link(message)

    client.logout()
    response = client.get(link)
    assert response.status_code == 302
    form_page = client.get(response.url)
    assert "Stel je wachtwoord in" in form_page.content.decode()
    response = client.post(response.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("welcome_complete")
    response = client.post(reverse("login"), {"username": "anna.deboer", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("blogs:front_page")

    client.logout()
    response = client.get(link, follow=True)
    assert response.context["validlink"] is False
    assert "Deze link werkt niet meer" in response.content.decode()
    run_worker()
    assert len(smtp.messages) == 1


def test_an_invitation_for_a_known_address_is_refused_with_a_clear_error(client, admin_user, alice):
    client.force_login(admin_user)
    response = client.post(reverse("manage:colleague_invite"), {"name": "Alice", "email": "ALICE@bibliotheek.example"})
    assert response.status_code == 200
    assert "Er is al een collega met dit e-mailadres" in response.content.decode()
    assert User.objects.filter(email__iexact="alice@bibliotheek.example").count() == 1
    assert not DBTaskResult.objects.exists()


def test_usernames_made_from_addresses_are_unique_and_valid(db, alice):
    assert onboarding.username_for("alice@elders.example", "Alice") == "alice2"
    assert onboarding.username_for("José.Müller@x.example", "") == "jose.muller"
    assert onboarding.username_for("me@x.example", "") == "me2"
    assert onboarding.username_for("+++@x.example", "Ingrid Ó Súilleabháin") == "ingrid.o.suilleabhain"


CSV = """naam;e-mail;afdeling
Anna de Boer;anna@bibliotheek.example;Jeugd
Alice opnieuw;ALICE@bibliotheek.example;Jeugd
;zonder-naam@bibliotheek.example;Jeugd
Karim Haddou;geen-adres;Noord
Dubbel;anna@bibliotheek.example;Jeugd
Karim Haddou;karim@bibliotheek.example;Vestiging Noord
"""


def dry_run(client, text, **options):
    return client.post(reverse("manage:colleague_import"), {"file": csv_file(text, **options)})


def test_the_csv_dry_run_changes_nothing_and_says_what_would_happen(client, admin_user, alice):
    client.force_login(admin_user)
    before = User.objects.count()
    response = dry_run(client, CSV, bom=True)
    assert response.status_code == 200
    result = response.context["dry_run"]
    assert [row.email for row in result.new] == ["anna@bibliotheek.example", "karim@bibliotheek.example"]
    assert [row.existing for row in result.existing] == [alice]
    assert {row.line: row.problems for row in result.wrong} == {
        4: ["De naam ontbreekt."],
        5: ["“geen-adres” is geen geldig e-mailadres."],
        6: ["Dit e-mailadres staat al op regel 2."],
    }
    page = response.content.decode()
    assert "2 uitnodigingen versturen" in page
    assert User.objects.count() == before
    assert not DBTaskResult.objects.exists()


def test_confirming_the_dry_run_invites_the_new_ones_and_reports(client, admin_user, alice):
    client.force_login(admin_user)
    confirm = dry_run(client, CSV).context["confirm"]
    response = client.post(reverse("manage:colleague_import"), {"confirm": confirm})
    assert response.status_code == 200
    assert [u.username for u in response.context["invited"]] == ["anna", "karim"]
    karim = User.objects.get(email="karim@bibliotheek.example")
    assert karim.department == "Vestiging Noord" and karim.personal_blog
    assert DBTaskResult.objects.count() == 2
    assert User.objects.filter(email__iexact="alice@bibliotheek.example").count() == 1
    # Sent again (a reload), nobody is invited twice.
    response = client.post(reverse("manage:colleague_import"), {"confirm": confirm})
    assert response.context["invited"] == [] and len(response.context["skipped"]) == 2
    assert DBTaskResult.objects.count() == 2


def test_the_import_reads_commas_and_files_without_a_header(client, admin_user):
    client.force_login(admin_user)
    result = dry_run(client, "Anna de Boer,anna@bibliotheek.example,Jeugd\r\n").context["dry_run"]
    assert [(r.name, r.email, r.department) for r in result.new] == [
        ("Anna de Boer", "anna@bibliotheek.example", "Jeugd")
    ]


def test_a_file_that_is_not_utf8_or_a_tampered_confirmation_saves_nothing(client, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("oud.csv", "naam;e-mail\nJosé;jose@x.example\n".encode("cp1252"))
    response = client.post(reverse("manage:colleague_import"), {"file": upload})
    assert response.status_code == 200
    assert "geen UTF-8" in response.content.decode()
    response = client.post(reverse("manage:colleague_import"), {"confirm": "vervalst"})
    assert response.status_code == 302
    assert not User.objects.filter(email="jose@x.example").exists()


def test_deactivated_colleagues_cannot_log_in_and_their_posts_stay(client, admin_user, alice, make_post):
    post = make_post(author=alice)
    client.force_login(admin_user)
    response = client.post(reverse("manage:colleague_deactivate", args=["alice"]))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active
    assert Post.objects.get(pk=post.pk).author == alice
    assert "Alice de Vries" in client.get(post.get_absolute_url()).content.decode()

    other = client.__class__()
    assert other.post(reverse("login"), {"username": "alice", "password": "wachtwoord-123"}).status_code == 200
    client.post(reverse("manage:colleague_reactivate", args=["alice"]))
    assert other.post(reverse("login"), {"username": "alice", "password": "wachtwoord-123"}).status_code == 302


def test_an_open_session_ends_with_the_deactivation(client, admin_user, alice):
    client.force_login(alice)
    services.deactivate(alice, by=admin_user)
    assert client.get(reverse("blogs:front_page")).status_code == 302


def test_site_admins_cannot_deactivate_themselves_or_drop_their_own_role(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("manage:colleague_deactivate", args=["beheer"]), follow=True)
    assert "Je kunt jezelf niet deactiveren." in response.content.decode()
    response = client.post(reverse("manage:colleague_roles", args=["beheer"]), {"is_manager": "on"})
    assert response.status_code == 400
    admin_user.refresh_from_db()
    assert admin_user.is_active and admin_user.is_superuser


def test_roles_are_given_and_taken_away(client, admin_user, alice, managers):
    client.force_login(admin_user)
    client.post(reverse("manage:colleague_roles", args=["alice"]), {"is_manager": "on"})
    alice = User.objects.get(pk=alice.pk)
    assert alice.is_manager and not alice.is_site_admin
    assert alice.groups.filter(name="Leidinggevenden").exists()
    client.post(reverse("manage:colleague_roles", args=["alice"]), {"is_site_admin": "on"})
    alice = User.objects.get(pk=alice.pk)
    assert alice.is_site_admin and alice.is_staff
    assert not alice.groups.filter(name="Leidinggevenden").exists()
    client.post(reverse("manage:colleague_roles", args=["alice"]), {})
    alice = User.objects.get(pk=alice.pk)
    assert not alice.is_manager and not alice.is_superuser and not alice.is_staff


def test_roles_made_again_when_the_group_went_missing(db, admin_user, alice):
    Group.objects.filter(name="Leidinggevenden").delete()
    services.set_roles(alice, is_manager=True, is_site_admin=False, by=admin_user)
    assert User.objects.get(pk=alice.pk).is_manager


def test_a_team_blog_with_a_role_lets_the_colleague_write_there(client, admin_user, alice, bob):
    client.force_login(admin_user)
    response = client.post(
        reverse("manage:teamblog_create"), {"title": "Team Collectie", "slug": "", "tagline": "Boeken en zo"}
    )
    blog = Blog.objects.get(title="Team Collectie")
    assert response.url == reverse("manage:teamblog_detail", args=[blog.slug])
    assert blog.slug == "team-collectie" and blog.kind == Blog.Kind.SHARED and not blog.is_open_to_all
    assert blog not in Blog.objects.writable_by(bob)

    response = client.post(reverse("manage:teamblog_detail", args=[blog.slug]), {"colleague": "bob", "role": "author"})
    assert response.status_code == 302
    assert blog in Blog.objects.writable_by(bob)
    assert not blog.is_edited_by(bob)
    client.post(
        reverse("manage:teamblog_detail", args=[blog.slug]), {"colleague": "BOB@bibliotheek.example", "role": "editor"}
    )
    assert Membership.objects.get(blog=blog, user=bob).role == "editor"
    assert Blog.objects.get(pk=blog.pk).is_edited_by(bob)

    client.post(reverse("manage:membership_remove", args=[blog.slug, "bob"]))
    assert blog not in Blog.objects.writable_by(bob)
    assert alice not in blog.members.all()


def test_team_blog_forms_answer_with_errors_not_500s(client, admin_user, team_blog):
    client.force_login(admin_user)
    response = client.post(reverse("manage:teamblog_create"), {"title": "", "slug": "team-jeugd"})
    assert response.status_code == 200
    assert Blog.objects.filter(slug="team-jeugd").count() == 1
    response = client.post(
        reverse("manage:teamblog_detail", args=["team-jeugd"]), {"colleague": "niemand", "role": "x"}
    )
    assert response.status_code == 400
    assert "Geen actieve collega" in response.content.decode()
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"naam;e-mail\n\x00\x00;x\n", "De naam ontbreekt"), (b";;;\n", "leeg"), (b"", "leeg")],
)
def test_unreadable_files_get_a_message_not_a_500(client, admin_user, content, message):
    client.force_login(admin_user)
    response = client.post(reverse("manage:colleague_import"), {"file": SimpleUploadedFile("x.csv", content)})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_confirmation_that_no_longer_fits_saves_nobody(client, admin_user):
    from django.core import signing

    from siteadmin.views import IMPORT_SALT

    rows = [
        {"name": "Anna", "email": "anna@bibliotheek.example", "department": ""},
        {"name": "Bea", "email": "bea@bibliotheek.example", "department": "x" * 300},
    ]
    client.force_login(admin_user)
    confirm = signing.dumps(rows, salt=IMPORT_SALT, compress=True)
    response = client.post(reverse("manage:colleague_import"), {"confirm": confirm}, follow=True)
    assert "Er is niemand uitgenodigd" in response.content.decode()
    assert not User.objects.filter(email="anna@bibliotheek.example").exists()


def test_the_django_admin_edits_one_name_not_two(client, admin_user, alice):
    client.force_login(admin_user)
    page = client.get(reverse("admin:people_user_change", args=[alice.pk])).content.decode()
    assert 'name="display_name"' in page
    assert 'name="first_name"' not in page and 'name="last_name"' not in page
    assert "Profiel" in page and "Rechten" in page


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("manage:colleague_list", "/manage/"),
        ("password_reset", "/accounts/password_reset/"),
        ("password_reset_done", "/accounts/password_reset/done/"),
        ("password_reset_complete", "/accounts/reset/done/"),
    ],
)
def test_the_design_permalinks_hold(name, path):
    assert reverse(name) == path
