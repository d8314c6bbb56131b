"""Blognet's look on every screen: the thread's shape and the bell on a phone, dark mode, print.

axe-core audits the pages in the dark theme at both widths; print is emulated in Chromium."""

import pytest
from playwright.sync_api import expect

from blogs.models import Post
from blogs.services import save_post
from comments.services import add_comment

from .test_decisions import check_page

TITLE = "Een gesprek van zeven lagen"


@pytest.fixture
def long_thread(alice, bob):
    post = save_post(Post(blog=alice.personal_blog, author=alice, title=TITLE, body="Wat vinden jullie?"), publish=True)
    parent = None
    for depth in range(7):
        writer = bob if depth % 2 == 0 else alice
        parent = add_comment(post=post, author=writer, body=f"Laag {depth}", parent=parent)
    return post


def left_of(page, text):
    return page.locator("li.comment").filter(has_text=text).last.locator("article").bounding_box()["x"]


def test_on_a_phone_the_thread_keeps_its_shape_and_the_bell_shows_in_the_closed_header(page, log_in, bob, long_thread):
    log_in(bob)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(long_thread.get_absolute_url())
    expect(page.locator("header .notification-bell")).to_be_visible()  # without opening the menu
    expect(page.get_by_role("button", name="Menu openen")).to_be_visible()
    steps = [left_of(page, f"Laag {depth}") for depth in range(7)]
    # A compact step per level up to the cap (five), then the same place with "in reactie op".
    assert all(later - earlier >= 8 for earlier, later in zip(steps[:6], steps[1:6], strict=False))
    assert steps[6] == steps[5]
    deepest = page.locator("li.comment").filter(has_text="Laag 6").last
    expect(deepest).to_contain_text("in reactie op Alice de Vries")
    box = page.locator("header .notification-bell").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.2 target size
    check_page(page, "thread-phone")


def test_dark_mode_follows_the_device_and_passes_axe(browser, live_server, alice, bob, long_thread, make_user):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", color_scheme="dark")
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(bob.username)
    page.get_by_label("Wachtwoord").fill("wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()
    page.goto(long_thread.get_absolute_url())
    assert page.evaluate("document.documentElement.dataset.bsTheme") == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert sum(int(part) for part in background[4:-1].split(",")) < 3 * 60, background  # a dark page
    check_page(page, "post-dark")
    page.goto("/")
    check_page(page, "front-dark")
    # The visual editor too: its surface is the theme's, not a white box on a dark page.
    page.goto("/write/")
    editor = page.locator(".visual-editor")
    expect(editor).to_be_visible()
    surface = editor.evaluate("element => getComputedStyle(element).backgroundColor")
    assert sum(int(part) for part in surface[4:-1].split(",")) < 3 * 80, surface
    check_page(page, "editor-dark")
    context.close()


def test_a_post_prints_with_its_thread_and_without_the_controls(page, log_in, bob, long_thread):
    log_in(bob)
    page.goto(long_thread.get_absolute_url())
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.locator("li.comment").filter(has_text="Laag 3").last).to_be_visible()
    expect(page.locator("body > header")).to_be_hidden()
    expect(page.locator("#comment-form, form.comment-form").first).to_be_hidden()
    expect(page.get_by_role("link", name="Reageren").first).to_be_hidden()
    assert page.pdf(format="A4")[:4] == b"%PDF"


def test_a_reader_who_is_not_logged_in_sees_initials_where_colleagues_see_the_photo(
    page, log_in, alice, bob, make_post, settings
):
    """Photos of colleagues go to colleagues only, also when anonymous reading is on (blogs.media):
    the page must not show a broken image there, but the initials."""
    from django.core.files.base import ContentFile

    from tests.conftest import image_bytes

    settings.BLOGNET_ANONYMOUS_READING = True
    alice.avatar_thumbnail.save("alice.png", ContentFile(image_bytes("PNG", size=(64, 64))))
    post = make_post(title="Met foto", author=alice)

    page.goto(post.get_absolute_url())
    meta = page.locator("main .post-meta").first
    expect(meta.locator("img.avatar")).to_be_hidden()
    expect(meta.locator(".avatar-initials")).to_be_visible()
    expect(meta.locator(".avatar-initials")).to_have_text(alice.initials)

    log_in(bob)
    page.goto(post.get_absolute_url())
    expect(meta.locator("img.avatar")).to_be_visible()
    expect(meta.locator("img.avatar")).to_have_js_property("naturalWidth", 64)  # the photo itself came
    expect(meta.locator(".avatar-initials")).to_be_hidden()
