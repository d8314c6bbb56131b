from playwright.sync_api import expect

from notifications.digests import unsubscribe_url
from notifications.models import EmailPreference


def test_filter_the_front_page_by_tag_and_department(page, log_in, alice, bob, make_post):
    make_post(title="Over jeugd", tags=["jeugd"])
    make_post(title="Over collectie", author=bob, tags=["collectie"])
    log_in(alice)
    page.get_by_text("Filteren op blog, collega, afdeling of tag").click()
    page.get_by_label("Tag", exact=True).fill("collectie")  # a text field with suggestions
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("link", name="Over collectie")).to_be_visible()
    expect(page.get_by_role("link", name="Over jeugd")).to_have_count(0)
    page.get_by_label("Tag", exact=True).fill("")
    page.get_by_label("Afdeling").select_option("Jeugd")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("link", name="Over jeugd")).to_be_visible()
    expect(page.get_by_role("link", name="Over collectie")).to_have_count(0)


def test_manager_sees_the_participation_dashboard_and_downloads_csv(page, log_in, make_user, make_post, managers):
    wilma = make_user("wilma", display_name="Wilma Bakker", department="Directie")
    wilma.groups.add(managers)
    make_post(author=wilma)
    log_in(wilma)
    page.get_by_role("link", name="Deelname").click()
    expect(page.get_by_role("heading", name="Deelname aan Blognet")).to_be_visible()
    expect(page.get_by_role("img", name="Percentage medewerkers dat deelnam, per maand")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als CSV").click()
    assert download.value.suggested_filename == "blognet-deelname.csv"


def test_unsubscribe_from_the_digest_without_logging_in(page, make_user):
    wilma = make_user("wilma", display_name="Wilma Bakker")
    page.goto(unsubscribe_url(wilma).removeprefix("http://127.0.0.1:8000"))
    page.get_by_role("button", name="Ja, afmelden").click()
    expect(page.get_by_role("status")).to_contain_text("je krijgt het overzicht niet meer")
    assert EmailPreference.objects.get(user=wilma).digest == "off"
