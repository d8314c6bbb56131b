"""The visual post editor: writing without Markdown, the Markdown view, images with a description,
pasting from Word, autosave, the leave warning, axe at desktop and phone width, and the comment
box's light formatting. The stored text is Markdown, turned into HTML only by the server."""

import base64
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from blogs.models import Post, PostImage
from tests.browser.conftest import PASSWORD, visual_editor
from tests.conftest import image_bytes

# axe's defaults cover WCAG 2.0-2.2 A and AA; WCAG 2.2's target size (24 by 24 px) is switched on.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}
SCREENSHOTS = os.environ.get("SCREENSHOTS")


def paste_image(page, data, name="leesclub.png", mime="image/png"):
    """Paste a picture into the editor as a browser does with one copied from elsewhere."""
    page.evaluate(
        """([b64, name, mime]) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], name, { type: mime }));
          document.querySelector(".editor-content").dispatchEvent(
            new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
        }""",
        [base64.b64encode(data).decode(), name, mime],
    )


def paste_html(page, html):
    page.evaluate(
        """(html) => {
          const transfer = new DataTransfer();
          transfer.setData("text/html", html);
          transfer.setData("text/plain", html.replace(/<[^>]+>/g, ""));
          document.querySelector(".editor-content").dispatchEvent(
            new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
        }""",
        html,
    )


def describe_image(page, alt):
    dialog = page.get_by_role("dialog", name="Afbeelding toevoegen")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Wat staat er op de afbeelding?").fill(alt)
    dialog.get_by_role("button", name="Toevoegen").click()
    expect(visual_editor(page).get_by_role("img", name=alt)).to_be_visible()


def markdown_view(page):
    """Switch to the Markdown view and give its text."""
    switch = page.get_by_role("button", name="Markdown")
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    return page.locator("textarea[name=body]").input_value()


def test_write_a_post_in_the_visual_editor(page, log_in, alice, make_user):
    make_user("wilma", display_name="Wilma Bakker")
    log_in(alice)
    page.goto("/write/")
    page.get_by_label("Titel").fill("Leesclub in de zomer")
    visual_editor(page).click()
    page.get_by_role("button", name="Kop", exact=True).click()
    page.keyboard.type("Onze leesclub")
    page.keyboard.press("Enter")
    page.keyboard.type("Iedereen is ")
    bold = page.get_by_role("button", name="Vet")
    bold.click()
    expect(bold).to_have_attribute("aria-pressed", "true")
    page.keyboard.type("welkom")
    page.keyboard.press("Control+b")
    page.keyboard.type(". Neem mee:")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Opsomming").click()
    page.keyboard.type("een boek")
    page.keyboard.press("Enter")
    page.keyboard.type("koffie")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Meer op ")
    page.get_by_role("button", name="Link").click()
    link_dialog = page.get_by_role("dialog", name="Link")
    link_dialog.get_by_label("Tekst van de link").fill("de website")
    link_dialog.get_by_label("Webadres").fill("www.bibliotheek.nl")
    link_dialog.get_by_role("button", name="Opslaan").click()
    expect(visual_editor(page).get_by_role("link", name="de website")).to_be_visible()
    page.keyboard.press("Enter")

    paste_image(page, image_bytes("PNG", size=(400, 300)))
    describe_image(page, "Kinderen lezen voor in de jeugdhoek")

    visual_editor(page).press("Control+End")
    page.keyboard.type("Vragen? Bel @wil")
    option = page.get_by_role("option", name="Wilma Bakker (@wilma)")
    expect(option).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    page.keyboard.type("!")
    expect(page.locator("#id_body_helptext")).to_contain_text("Typ @")

    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leesclub in de zomer")

    body = Post.objects.get(title="Leesclub in de zomer").body.replace("\r\n", "\n")  # as a form sends it
    assert body.startswith("# Onze leesclub\n\nIedereen is **welkom**. Neem mee:\n\n- een boek\n- koffie\n\n")
    assert "Meer op [de website](https://www.bibliotheek.nl)" in body
    assert "![Kinderen lezen voor in de jeugdhoek](/media/posts/" in body
    assert body.rstrip().endswith("Vragen? Bel @wilma !")
    shown = page.locator(".post-body")
    expect(shown.get_by_role("heading", level=2)).to_have_text("Onze leesclub")
    expect(shown.locator("strong")).to_have_text("welkom")
    expect(shown.locator("li")).to_have_text(["een boek", "koffie"])
    expect(shown.get_by_role("link", name="de website")).to_have_attribute("href", "https://www.bibliotheek.nl")
    expect(shown.get_by_role("img", name="Kinderen lezen voor in de jeugdhoek")).to_be_visible()
    expect(shown.locator("a.mention")).to_have_text("@wilma")


# As the editor writes it (a table's columns padded to one width), so that "unchanged" can be exact.
MARKDOWN = """# Openingstijden

De bibliotheek is **open** op *zaterdag*, zie [de website](https://www.bibliotheek.nl).

- maandag
- dinsdag

1. eerst
2. dan

> Een citaat van @alice

| Dag      | Tijd  |
| -------- | ----- |
| zaterdag | 10-16 |

![De leeszaal](/media/posts/leeszaal.png)"""


def test_markdown_view_and_back_loses_nothing(page, log_in, alice, make_post, settings):
    picture = Path(settings.MEDIA_ROOT) / "posts" / "leeszaal.png"
    picture.parent.mkdir(parents=True, exist_ok=True)
    picture.write_bytes(image_bytes("PNG"))
    PostImage.objects.create(image="posts/leeszaal.png", alt_text="De leeszaal", uploaded_by=alice)  # hers to see
    post = make_post(title="Tijden", body=MARKDOWN)
    log_in(alice)
    page.goto(f"{post.get_absolute_url()}edit/")
    expect(visual_editor(page).get_by_role("heading", name="Openingstijden")).to_be_visible()
    expect(visual_editor(page).locator("table th, table td")).to_have_count(4)
    # Unchanged, the Markdown is the stored text to the letter.
    assert markdown_view(page) == MARKDOWN

    # Edited in the Markdown view, shown in the visual editor, and back.
    textarea = page.locator("textarea[name=body]")
    textarea.press("Control+End")
    textarea.type("\n\nNieuw: **gratis** koffie & thee.")
    page.get_by_role("button", name="Markdown").click()
    expect(visual_editor(page).locator("strong", has_text="gratis")).to_be_visible()
    expect(visual_editor(page).get_by_role("img", name="De leeszaal")).to_be_visible()
    expect(visual_editor(page).get_by_role("img", name="De leeszaal")).to_have_js_property("naturalWidth", 64)
    # An edit in the visual editor writes the whole text as Markdown again, with every part kept.
    visual_editor(page).press("Control+End")
    page.keyboard.type(" Welkom!")
    written = markdown_view(page)
    assert written == MARKDOWN + "\n\nNieuw: **gratis** koffie & thee. Welkom!"
    page.get_by_role("button", name="Markdown").click()
    assert markdown_view(page) == written
    # The post is out already: its button updates it.
    page.get_by_role("button", name="Bijwerken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tijden")
    post.refresh_from_db()
    assert post.body.replace("\r\n", "\n") == written


def test_a_dropped_image_is_described_and_shown(page, log_in, alice):
    log_in(alice)
    page.goto("/write/")
    visual_editor(page).click()
    page.keyboard.type("Hier komt een foto:")
    page.evaluate(
        """(b64) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], "zaal.jpg", { type: "image/jpeg" }));
          const target = document.querySelector(".editor-content");
          const box = target.getBoundingClientRect();
          target.dispatchEvent(new DragEvent("drop", {
            dataTransfer: transfer, bubbles: true, cancelable: true,
            clientX: box.left + 20, clientY: box.bottom - 20 }));
        }""",
        base64.b64encode(image_bytes("JPEG")).decode(),
    )
    describe_image(page, "De zaal vol stoelen")
    assert "![De zaal vol stoelen](/media/posts/" in markdown_view(page)


def test_without_javascript_the_textarea_is_the_editor(browser, live_server, alice):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(alice.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto("/write/")
    expect(page.get_by_role("toolbar")).to_have_count(0)
    page.get_by_label("Titel").fill("Zonder script")
    page.get_by_label("Tekst").fill("## Kop\n\n- een\n- twee")
    page.get_by_label("Publiceren op").fill("01-01-2020 10:00")
    page.get_by_role("button", name="Publiceren").click()
    expect(page.locator(".post-body h3")).to_have_text("Kop")
    post = Post.objects.get(title="Zonder script")
    assert post.body.replace("\r\n", "\n") == "## Kop\n\n- een\n- twee"
    context.close()


def test_paste_from_word_keeps_headings_lists_links_and_emphasis(page, log_in, alice, console_errors):
    log_in(alice)
    page.goto("/write/")
    visual_editor(page).click()
    paste_html(
        page,
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{color:red}</style></head>'
        '<body><h1 style="mso-outline-level:1"><span style="font-family:Calibri">Plan</span></h1>'
        '<p class="MsoNormal" style="color:red">Lees <b>dit</b> en <i>dat</i> op '
        '<a href="https://www.bibliotheek.nl" onclick="steal()">de site</a><o:p></o:p></p>'
        '<p class="MsoListParagraphCxSpFirst" style="mso-list:l0 level1 lfo1">'
        '<span style="mso-list:Ignore">·<span>&nbsp;&nbsp;</span></span>boeken</p>'
        '<p class="MsoListParagraphCxSpLast" style="mso-list:l0 level1 lfo1">'
        '<span style="mso-list:Ignore">·<span>&nbsp;&nbsp;</span></span>tijdschriften</p>'
        '<script>alert(1)</script><iframe src="https://example.com"></iframe></body></html>',
    )
    text = markdown_view(page)
    # Reading the pasted HTML, the browser refuses its onclick (the site's CSP allows no inline script).
    assert console_errors and all("inline event handler" in e and "blocked" in e for e in console_errors)
    console_errors.clear()
    assert text == (
        "# Plan\n\nLees **dit** en *dat* op [de site](https://www.bibliotheek.nl)\n\n- boeken\n- tijdschriften"
    )


def test_autosave_offers_the_title_text_tags_and_time_back(page, log_in, alice):
    log_in(alice)
    page.goto("/write/")
    page.get_by_label("Titel").fill("Kladje over de zomer")
    visual_editor(page).click()
    page.keyboard.type("Nog niet af")
    page.get_by_label("Tags").fill("zomer")
    page.get_by_label("Publiceren op").fill("01-07-2030 09:30")
    # (A function, not a string: the page's Content-Security-Policy forbids eval.)
    page.wait_for_function("(key) => localStorage.getItem(key) !== null", arg=f"blognet-autosave:new-post-{alice.pk}")
    page.wait_for_timeout(700)  # the last change is written after a short pause

    page.once("dialog", lambda dialog: dialog.accept())
    page.reload()
    notice = page.get_by_role("status").filter(has_text="niet-opgeslagen versie")
    expect(notice).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("")
    notice.get_by_role("button", name="Herstellen").click()
    expect(notice).to_be_hidden()
    expect(page.get_by_label("Titel")).to_have_value("Kladje over de zomer")
    expect(page.get_by_label("Tags")).to_have_value("zomer")
    expect(page.get_by_label("Publiceren op")).to_have_value("01-07-2030 09:30")
    expect(visual_editor(page)).to_have_text("Nog niet af")

    # Saved, it is gone from the browser; thrown away, it is not offered again.
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kladje over de zomer")
    assert Post.objects.get(title="Kladje over de zomer").tags.get().name == "zomer"
    page.goto("/write/")
    expect(page.get_by_label("Titel")).to_be_visible()
    expect(page.get_by_role("button", name="Herstellen")).to_be_hidden()


def test_leaving_with_unsaved_changes_asks_first_but_not_after_saving(page, log_in, alice):
    log_in(alice)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))

    page.goto("/write/")
    expect(visual_editor(page)).to_be_visible()
    page.goto("/")  # nothing changed: no question
    assert asked == []

    page.goto("/write/")
    page.get_by_label("Titel").fill("Bijna vergeten")
    visual_editor(page).click()
    page.keyboard.type("Een tekst")
    page.goto("/")
    assert asked == ["beforeunload"]

    page.goto("/write/")
    page.get_by_role("button", name="Weggooien").click()
    page.get_by_label("Titel").fill("Wel bewaard")
    visual_editor(page).click()
    page.keyboard.type("Een tekst")
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wel bewaard")
    assert asked == ["beforeunload"]


def serious_violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check_widths(page, name):
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert serious_violations(page) == [], f"{name} at {width} px"
        sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert sideways <= 0, f"{name} scrolls {sideways} px sideways at {width} px"
        small = page.evaluate(
            """() => [...document.querySelectorAll('.editor-toolbar button')]
                 .filter((b) => b.offsetParent && (b.offsetWidth < 24 || b.offsetHeight < 24)).length"""
        )
        assert small == 0, f"{name}: toolbar buttons under 24 px at {width} px"
        if SCREENSHOTS:
            folder = Path(SCREENSHOTS)
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=folder / f"editor-{name}-{width_name}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_editor_passes_axe_empty_and_with_an_image_on_desktop_and_phone(page, log_in, alice):
    log_in(alice)
    page.goto("/write/")
    toolbar = page.get_by_role("toolbar", name="Opmaak")
    expect(toolbar).to_be_visible()
    check_widths(page, "empty")

    page.get_by_label("Titel").fill("Met een plaatje")
    visual_editor(page).click()
    page.get_by_role("button", name="Kop", exact=True).click()
    page.keyboard.type("De nieuwe jeugdhoek")
    page.keyboard.press("Enter")
    page.keyboard.type("Sinds maandag kunnen kinderen hier lezen en spelen.")
    page.keyboard.press("Enter")
    paste_image(page, image_bytes("PNG", size=(800, 500), color=(40, 120, 90)))
    describe_image(page, "De jeugdhoek met kussens en boeken")
    check_widths(page, "filled")

    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Afbeelding", exact=True).click()
    chooser.value.set_files(files=[{"name": "a.png", "mimeType": "image/png", "buffer": image_bytes("PNG")}])
    expect(page.get_by_role("dialog", name="Afbeelding toevoegen")).to_be_visible()
    check_widths(page, "image-dialog")
    # No description, no picture: the dialog says why.
    page.get_by_role("dialog").get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("dialog").get_by_role("alert")).to_contain_text("Beschrijf eerst")


def test_toolbar_is_one_tab_stop_with_arrow_keys(page, log_in, alice):
    log_in(alice)
    page.goto("/write/")
    page.get_by_label("Titel").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Kop", exact=True)).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("button", name="Tussenkop")).to_be_focused()
    page.keyboard.press("Tab")
    expect(visual_editor(page)).to_be_focused()


def test_comment_box_formats_with_markdown(page, log_in, alice, bob, make_post):
    post = make_post(author=bob, title="Koffie")
    log_in(alice)
    page.goto(post.get_absolute_url())
    box = page.get_by_label("Je reactie")
    toolbar = page.get_by_role("toolbar", name="Opmaak")
    expect(toolbar).to_be_visible()
    box.fill("Goed idee")
    box.evaluate("(el) => el.setSelectionRange(5, 9)")
    toolbar.get_by_role("button", name="Vet").click()
    expect(box).to_have_value("Goed **idee**")
    box.press("End")
    toolbar.get_by_role("button", name="Opsomming").click()
    page.keyboard.type("koffie")
    expect(box).to_have_value("Goed **idee**\n\n- koffie")
    assert toolbar.get_by_role("button", name="Afbeelding").count() == 0
    page.get_by_role("button", name="Plaatsen").click()
    expect(page.locator(".comment-body strong")).to_have_text("idee")
    expect(page.locator(".comment-body li")).to_have_text("koffie")


@pytest.fixture(autouse=True)
def console_errors(page):
    """The editor runs under the site's Content-Security-Policy: no eval, nothing from elsewhere."""
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(f"{m.text} {m.location.get('url')}"))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield errors
    assert errors == []
