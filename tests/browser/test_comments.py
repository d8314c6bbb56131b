import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from comments.services import add_comment

from .conftest import PASSWORD
from .test_decisions import WIDTHS, check_page


def test_reply_inline_says_whom_it_answers_and_writes_nothing_for_you(page, log_in, alice, bob, make_post):
    post = make_post(title="Leesclub")
    comment = add_comment(post=post, author=bob, body="Ik kom zaterdag.")
    log_in(alice)
    page.goto(post.get_absolute_url())
    page.locator(f"#comment-{comment.pk}").get_by_role("link", name="Reageren").click()
    box = page.get_by_label("Je antwoord aan Bob Jansen")
    expect(box).to_be_focused()
    expect(box).to_have_value("")  # no "@bob, " the writer did not type
    box.press_sequentially("fijn!")
    page.locator(".js-reply-box").get_by_role("button", name="Plaatsen").click()
    reply = Comment.objects.get(parent=comment)
    shown = page.locator(f"#comment-{reply.pk}")
    expect(shown.locator(".comment-body")).to_have_text("fijn!")
    expect(shown.locator("a.mention")).to_have_count(0)
    expect(page.locator(f"#comment-{reply.pk}.indent-1")).to_be_visible()
    assert not reply.mentions.exists()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_failed_comment_opens_at_the_box_with_the_focus_and_the_error(
    browser, live_server, javascript, alice, bob, make_post
):
    """The form posts normally either way; the answer's box has autofocus and its error is tied to it."""
    post = make_post(title="Een lang gesprek")
    for n in range(12):
        add_comment(post=post, author=bob, body=f"Reactie nummer {n}.\n\nMet een tweede alinea.")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript, locale="nl-NL")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(alice.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/")
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(post.get_absolute_url())
        page.get_by_label("Je reactie").fill("   ")
        page.get_by_role("button", name="Plaatsen").last.click()
        box = page.get_by_label("Je reactie")
        expect(box).to_be_focused()
        expect(box).to_be_in_viewport()
        expect(box).to_have_attribute("aria-invalid", "true")
        error = page.locator("#id_body_error")
        expect(error).to_have_text("Schrijf eerst je reactie.")
        expect(error).to_be_in_viewport()
        # What a screen reader reads with the box, now that it has the focus.
        assert "id_body_error" in box.get_attribute("aria-describedby").split()
        expect(box).to_have_accessible_description(re.compile("Schrijf eerst je reactie."))
    if javascript:  # axe runs as a script in the page: the page without JavaScript is the same HTML
        check_page(page, "comment-error")
    assert not Comment.objects.filter(author=alice).exists()
    context.close()


def test_pick_a_colleague_from_the_mention_list_by_keyboard(page, log_in, alice, make_user, make_post):
    make_user("wilma", display_name="Wilma Bakker")
    make_user("willem", display_name="Willem de Wit")
    post = make_post()
    log_in(alice)
    page.goto(post.get_absolute_url())
    box = page.get_by_label("Je reactie")
    box.press_sequentially("Vraag aan @wilm")
    option = page.get_by_role("option", name="Wilma Bakker (@wilma)")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(box).to_have_value("Vraag aan @wilma ")
    box.press_sequentially("wat vind jij?")
    page.get_by_role("button", name="Plaatsen").click()
    expect(page.locator(".comment-body a.mention")).to_have_text("@wilma")


def test_punctuation_right_after_a_picked_colleague_takes_the_space(page, log_in, alice, make_user, make_post):
    make_user("josien", display_name="Josien Smit")
    post = make_post()
    log_in(alice)
    page.goto(post.get_absolute_url())
    box = page.get_by_label("Je reactie")
    box.press_sequentially("Dank je @jos")
    page.get_by_role("option", name="Josien Smit (@josien)").click()
    expect(box).to_have_value("Dank je @josien ")
    box.press_sequentially(", en @jos")
    expect(page.get_by_role("option", name="Josien Smit (@josien)")).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    box.press_sequentially("? Fijn.")
    expect(box).to_have_value("Dank je @josien, en @josien? Fijn.")
    page.get_by_role("button", name="Plaatsen").click()
    expect(page.locator(".comment-body")).to_contain_text("Dank je @josien, en @josien? Fijn.")
    expect(page.locator(".comment-body a.mention")).to_have_count(2)


def test_bell_count_rises_after_a_colleague_replies(page, log_in, alice, bob, make_post):
    post = make_post()
    log_in(alice)
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    add_comment(post=post, author=bob, body="Eerste reactie")
    page.reload()
    expect(page.get_by_test_id("unread-count")).to_contain_text("1")
    add_comment(post=post, author=bob, body="Tweede reactie")
    page.reload()
    expect(page.get_by_test_id("unread-count")).to_contain_text("2")
    page.locator(".notification-bell").click()
    page.get_by_role("link", name="Bob Jansen reageerde op je bericht").first.click()
    expect(page.locator(".comment:target")).to_contain_text("Tweede reactie")
