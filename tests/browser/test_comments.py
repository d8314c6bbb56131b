from playwright.sync_api import expect

from comments.models import Comment
from comments.services import add_comment


def test_reply_inline_with_the_name_filled_in(page, log_in, alice, bob, make_post):
    post = make_post(title="Leesclub")
    comment = add_comment(post=post, author=bob, body="Ik kom zaterdag.")
    log_in(alice)
    page.goto(post.get_absolute_url())
    page.locator(f"#comment-{comment.pk}").get_by_role("link", name="Reageren").click()
    box = page.get_by_label("Je antwoord aan Bob Jansen")
    expect(box).to_be_focused()
    expect(box).to_have_value("@bob, ")
    box.press_sequentially("fijn!")
    page.locator(".js-reply-box").get_by_role("button", name="Plaatsen").click()
    reply = Comment.objects.get(parent=comment)
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("@bob, fijn!")
    expect(page.locator(f"#comment-{reply.pk}.indent-1")).to_be_visible()


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
