from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from blogs.models import Post


def png_file(tmp_path):
    path = tmp_path / "leeszaal.png"
    Image.new("RGB", (800, 600), (30, 90, 160)).save(path)
    return path


def test_write_publish_with_image_and_schedule_another(page, log_in, alice, bob, tmp_path):
    log_in(alice)
    page.get_by_role("link", name="Schrijven").click()
    page.get_by_label("Titel").fill("Nieuwe leestafel")
    editor = page.locator(".EasyMDEContainer .CodeMirror")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type("Vanaf maandag staat er een **leestafel** bij de ingang.\n\n")

    # Upload by the toolbar button: the editor asks for a description first.
    page.once("dialog", lambda dialog: dialog.accept("Blauwe leestafel bij de ingang"))
    with page.expect_file_chooser() as chooser:
        page.locator("button.upload-image").click()
    chooser.value.set_files(png_file(tmp_path))
    expect(editor).to_contain_text("![Blauwe leestafel bij de ingang](/media/posts/")

    page.get_by_label("Tags").fill("collectie, leestafel")
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe leestafel")
    expect(page.locator(".post-body strong")).to_have_text("leestafel")
    expect(page.get_by_role("img", name="Blauwe leestafel bij de ingang")).to_be_visible()

    # A second post, scheduled for tomorrow.
    page.goto("/write/")
    page.get_by_label("Titel").fill("Plannen voor volgend jaar")
    page.locator(".EasyMDEContainer .CodeMirror").click()
    page.keyboard.type("Dit verschijnt morgen.")
    tomorrow = timezone.localtime() + timezone.timedelta(days=1)
    page.get_by_label("Publiceren op").fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("Je bericht is ingepland.")).to_be_visible()
    assert Post.objects.get(title="Plannen voor volgend jaar").is_scheduled()

    page.goto("/")
    expect(page.get_by_role("link", name="Nieuwe leestafel")).to_be_visible()
    expect(page.get_by_role("link", name="Plannen voor volgend jaar")).to_have_count(0)


def test_preview_is_rendered_by_the_server(page, log_in, alice):
    log_in(alice)
    page.goto("/write/")
    page.locator(".EasyMDEContainer .CodeMirror").click()
    page.keyboard.type("# Kop\n\n<script>alert(1)</script>")
    page.locator("button.preview").click()
    preview = page.locator(".editor-preview-full")
    expect(preview.locator("h2")).to_have_text("Kop")
    expect(preview).to_contain_text("<script>alert(1)</script>")


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
    page.locator(".EasyMDEContainer .CodeMirror").click()
    page.keyboard.type("Wat vind jij, @wil")
    option = page.get_by_role("option", name="Wilma Bakker (@wilma)")
    expect(option).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    page.keyboard.type("?")
    page.get_by_role("button", name="Publiceren").click()
    expect(page.locator(".post-body a.mention")).to_have_text("@wilma")
