"""Beheer and the password pages in Chromium: a forgotten password from the login link to logging in,
an invitation taken up, the CSV import's dry run and report, deactivating someone, and a team-blog
role that shows in the colleague's blog chooser. axe audits every page at both widths."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from blogs.models import Blog
from people.models import User

from .conftest import PASSWORD
from .test_decisions import check_page

NEW_PASSWORD = "zomer-leesclub-2031"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def link_in(message, live_server):
    text = message.get_body(("plain",)).get_content()
    path = re.search(r"http://127\.0\.0\.1:8000(/accounts/\S+/)", text).group(1)
    return path


@pytest.fixture
def mail_links(settings, smtp, live_server):
    settings.BLOGNET_SITE_URL = "http://127.0.0.1:8000"

    def next_link():
        run_worker()
        return link_in(smtp.messages[-1], live_server)

    return next_link


def log_in_with(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def log_out(page):
    """Through the person's own menu in the header, where "Uitloggen" is."""
    page.locator("#main-nav .dropdown-toggle").click()
    page.get_by_role("button", name="Uitloggen").click()


def test_a_forgotten_password_from_the_login_link_to_logging_in(page, alice, mail_links):
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtwoord vergeten?")
    check_page(page, "password-reset-form")
    page.get_by_label("E-mailadres").fill("alice@bibliotheek.example")
    page.get_by_role("button", name="Stuur me een link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in je mail")
    check_page(page, "password-reset-done")

    link = mail_links()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw wachtwoord kiezen")
    check_page(page, "password-reset-confirm")
    page.get_by_label("Nieuw wachtwoord").fill(NEW_PASSWORD)
    page.get_by_label("Nog een keer hetzelfde wachtwoord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je nieuwe wachtwoord is opgeslagen")
    check_page(page, "password-reset-complete")

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet meer")
    check_page(page, "password-reset-invalid")

    log_in_with(page, "alice", NEW_PASSWORD)
    expect(
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("button", name="Alice de Vries")
    ).to_be_visible()


def test_an_invited_colleague_sets_a_password_and_logs_in(page, log_in, admin_user, mail_links):
    log_in(admin_user)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("button", name=admin_user.name).click()  # the site admin's own menu holds Beheer
    menu.get_by_role("link", name="Beheer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Collega's beheren")
    check_page(page, "manage-colleagues")
    page.get_by_role("link", name="Collega uitnodigen").click()
    check_page(page, "manage-invite")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text("Dit veld is verplicht.").first).to_be_visible()
    check_page(page, "manage-invite-errors")
    page.get_by_label("Naam").fill("Anna de Boer")
    page.get_by_label("E-mailadres").fill("anna.deboer@bibliotheek.example")
    page.get_by_label("Afdeling of vestiging").fill("Jeugd")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status")).to_contain_text("Anna de Boer is uitgenodigd als @anna.deboer")
    check_page(page, "manage-colleague-invited")

    log_out(page)
    page.goto(mail_links())
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom bij Blognet")
    check_page(page, "welcome-confirm")
    page.get_by_label("Nieuw wachtwoord").fill(NEW_PASSWORD)
    page.get_by_label("Nog een keer hetzelfde wachtwoord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord instellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je wachtwoord is ingesteld")
    check_page(page, "welcome-complete")
    page.get_by_role("link", name="Inloggen").last.click()
    log_in_with(page, "anna.deboer", NEW_PASSWORD)
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("button", name="Anna de Boer")).to_be_visible()
    page.goto("/write/")
    expect(page.locator("select#id_blog")).to_contain_text("Blog van Anna de Boer")


def test_the_csv_import_shows_a_dry_run_and_a_report(page, log_in, admin_user, alice, tmp_path):
    upload = tmp_path / "collegas.csv"
    upload.write_text(
        "\ufeffnaam;e-mail;afdeling\n"
        "Anna de Boer;anna@bibliotheek.example;Jeugd\n"
        "Alice de Vries;alice@bibliotheek.example;Jeugd\n"
        "Karim Haddou;geen-adres;Noord\n",
        encoding="utf-8",
    )
    log_in(admin_user)
    page.goto("/manage/colleagues/import/")
    check_page(page, "manage-import")
    page.get_by_label("CSV-bestand", exact=False).and_(page.locator("input[type=file]")).set_input_files(upload)
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controle van de import")
    expect(page.get_by_text("“geen-adres” is geen geldig e-mailadres.")).to_be_visible()
    expect(page.get_by_role("region", name="Zijn er al")).to_contain_text("Alice de Vries")
    check_page(page, "manage-import-check")
    assert not User.objects.filter(email="anna@bibliotheek.example").exists()
    page.get_by_role("button", name="1 uitnodiging versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("De import is klaar")
    expect(page.get_by_role("table")).to_contain_text("@anna")
    check_page(page, "manage-import-report")
    assert User.objects.get(email="anna@bibliotheek.example").personal_blog


def test_deactivating_someone_who_left(page, log_in, admin_user, bob):
    log_in(admin_user)
    page.goto("/manage/")
    page.get_by_label("Naam, gebruikersnaam, e-mail of afdeling").fill("bob")
    page.get_by_role("form", name="Collega’s zoeken").get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Bob Jansen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bob Jansen")
    check_page(page, "manage-colleague")
    page.get_by_role("button", name="Bob Jansen deactiveren").click()
    expect(page.get_by_role("status")).to_contain_text("Bob Jansen is gedeactiveerd")
    check_page(page, "manage-colleague-deactivated")
    page.goto("/manage/?status=inactive")
    expect(page.get_by_role("table")).to_contain_text("Gedeactiveerd")
    log_out(page)
    log_in_with(page, "bob", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Blognet")


def test_a_team_blog_role_shows_in_the_colleagues_chooser(page, log_in, admin_user, bob):
    log_in(admin_user)
    page.goto("/manage/blogs/")
    check_page(page, "manage-teamblogs")
    page.get_by_role("link", name="Teamblog maken").click()
    check_page(page, "manage-teamblog-create")
    page.locator("#id_title").fill("Team Collectie")
    page.get_by_label("Ondertitel").fill("Wat we kopen, wat we weggooien")
    page.get_by_role("button", name="Teamblog maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team Collectie")
    page.get_by_label("Collega").fill("bob")
    page.get_by_label("Auteur").check()
    page.get_by_role("button", name="Rol geven").click()
    expect(page.get_by_role("status")).to_contain_text("Bob Jansen is nu auteur op Team Collectie")
    check_page(page, "manage-teamblog")
    assert Blog.objects.get(slug="team-collectie").is_writable_by(bob)

    log_out(page)
    log_in_with(page, "bob", PASSWORD)
    page.goto("/write/")
    expect(page.locator("select#id_blog")).to_contain_text("Team Collectie")
