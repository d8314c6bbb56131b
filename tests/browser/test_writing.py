from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from blogs.models import Post
from tests.browser.conftest import visual_editor


def png_file(tmp_path):
    path = tmp_path / "leeszaal.png"
    Image.new("RGB", (800, 600), (30, 90, 160)).save(path)
    return path


def test_write_publish_with_image_and_schedule_another(page, log_in, alice, bob, tmp_path):
    log_in(alice)
    page.get_by_role("link", name="Schrijven").click()
    page.get_by_label("Titel").fill("Nieuwe leestafel")
    editor = visual_editor(page)
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type("Vanaf maandag staat er een ")
    page.keyboard.press("Control+b")
    page.keyboard.type("leestafel")
    page.keyboard.press("Control+b")
    page.keyboard.type(" bij de ingang.")
    page.keyboard.press("Enter")

    # Upload by the toolbar button: the editor asks for a description first, and shows the picture.
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Afbeelding", exact=True).click()
    chooser.value.set_files(png_file(tmp_path))
    dialog = page.get_by_role("dialog", name="Afbeelding toevoegen")
    dialog.get_by_label("Wat staat er op de afbeelding?").fill("Blauwe leestafel bij de ingang")
    dialog.get_by_role("button", name="Toevoegen").click()
    expect(editor.get_by_role("img", name="Blauwe leestafel bij de ingang")).to_be_visible()

    page.get_by_label("Tags").fill("collectie, leestafel")
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe leestafel")
    expect(page.locator(".post-body strong")).to_have_text("leestafel")
    expect(page.get_by_role("img", name="Blauwe leestafel bij de ingang")).to_be_visible()
    # Loaded, not only its description: the picture is served to the colleague who uploaded it.
    expect(page.get_by_role("img", name="Blauwe leestafel bij de ingang")).to_have_js_property("naturalWidth", 800)

    # A second post, scheduled for tomorrow.
    page.goto("/write/")
    page.get_by_label("Titel").fill("Plannen voor volgend jaar")
    visual_editor(page).click()
    page.keyboard.type("Dit verschijnt morgen.")
    tomorrow = timezone.localtime() + timezone.timedelta(days=1)
    publish_at = page.get_by_label("Publiceren op")
    expect(publish_at).to_have_attribute("placeholder", "dd-mm-jjjj uu:mm")
    publish_at.fill(tomorrow.strftime("%d-%m-%Y %H:%M"))
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("Je bericht is ingepland.")).to_be_visible()
    assert Post.objects.get(title="Plannen voor volgend jaar").is_scheduled()

    page.goto("/")
    expect(page.get_by_role("link", name="Nieuwe leestafel")).to_be_visible()
    expect(page.get_by_role("link", name="Plannen voor volgend jaar")).to_have_count(0)


def test_html_typed_in_the_editor_is_shown_as_text(page, log_in, alice):
    log_in(alice)
    page.goto("/write/")
    page.get_by_label("Titel").fill("Code als tekst")
    visual_editor(page).click()
    page.get_by_role("button", name="Kop", exact=True).click()
    page.keyboard.type("Kop")
    page.keyboard.press("Enter")
    page.keyboard.type("<script>alert(1)</script>")
    page.get_by_role("button", name="Publiceren").click()
    body = page.locator(".post-body")
    expect(body.locator("h2")).to_have_text("Kop")
    expect(body).to_contain_text("<script>alert(1)</script>")
    assert body.locator("script").count() == 0


def test_switch_language_to_english_and_back(page, log_in, alice):
    log_in(alice)
    expect(page.get_by_role("heading", name="Nieuwste berichten")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Latest posts")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_role("heading", name="Nieuwste berichten")).to_be_visible()


def test_delete_asks_for_confirmation(page, log_in, alice, make_post):
    post = make_post(title="Weg ermee")
    log_in(alice)
    page.goto(post.get_absolute_url())
    page.get_by_role("link", name="Verwijderen").click()
    page.get_by_role("button", name="Ja, verwijderen").click()
    expect(page.get_by_text("is verwijderd")).to_be_visible()
    assert not Post.objects.filter(pk=post.pk).exists()


def test_mention_a_colleague_from_the_post_editor(page, log_in, alice, make_user):
    make_user("wilma", display_name="Wilma Bakker")
    log_in(alice)
    page.goto("/write/")
    page.get_by_label("Titel").fill("Vraag aan de directie")
    visual_editor(page).click()
    page.keyboard.type("Wat vind jij, @wil")
    option = page.get_by_role("option", name="Wilma Bakker (@wilma)")
    expect(option).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    page.keyboard.type("?")
    page.get_by_role("button", name="Publiceren").click()
    expect(page.locator(".post-body a.mention")).to_have_text("@wilma")
