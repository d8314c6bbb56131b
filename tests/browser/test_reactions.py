"""Taking part without writing (issue 10), in the browser: react and take it back on a comment
without a page reload, see the count and who reacted; follow a colleague and find their next post
marked on the front page. axe (WCAG 2.2 AA with target size) at 1280 and 375 px on the post page
with reactions and on the profile with what you follow.

Set BLOGNET_SCREENSHOTS to a folder to keep a full-page PNG of every audited page at both widths.
"""

from playwright.sync_api import expect

from blogs.models import Post
from blogs.services import save_post
from comments.models import Reaction
from comments.services import add_comment
from notifications.models import ColleagueFollow

from .test_decisions import check_page


def test_react_and_take_it_back_on_a_comment(page, log_in, make_user, make_post):
    wilma = make_user("wilma", display_name="Wilma Bakker")
    bas = make_user("bas", display_name="Bas de Groot")
    fleur = make_user("fleur", display_name="Fleur Visser")
    post = make_post(author=wilma, title="Een leesclub voor tieners", body="Wie doet er mee op zaterdag?")
    comment = add_comment(post=post, author=bas, body="Goed idee, ik help graag mee.")
    add_comment(post=post, author=wilma, body="Fijn! Ik zet het in de agenda.", parent=comment)
    Reaction.objects.create(user=wilma, post=post, comment=comment, kind="eens")
    Reaction.objects.create(user=bas, post=post, kind="mooi")

    log_in(fleur)
    page.goto(post.get_absolute_url())
    page.evaluate("window.notReloaded = true")
    item = page.locator(f"#comment-{comment.pk}")
    agree = item.get_by_role("button", name="eens")
    expect(agree).to_have_attribute("aria-pressed", "false")
    expect(agree).to_contain_text("1")

    agree.click()
    agree = item.get_by_role("button", name="eens")
    expect(agree).to_have_attribute("aria-pressed", "true")
    expect(agree).to_contain_text("2")
    expect(agree).to_be_focused()  # the keyboard stays where it was
    item.get_by_text("Wie reageerde?").click()
    expect(item.locator(".reaction-who")).to_contain_text("eens: Fleur Visser, Wilma Bakker")
    assert Reaction.objects.get(user=fleur, comment=comment).kind == "eens"

    # Another choice replaces it, the same again takes it back.
    item.get_by_role("button", name="bedankt").click()
    expect(item.get_by_role("button", name="bedankt")).to_have_attribute("aria-pressed", "true")
    expect(item.get_by_role("button", name="eens")).to_have_attribute("aria-pressed", "false")
    item.get_by_role("button", name="bedankt").click()
    expect(item.get_by_role("button", name="bedankt")).to_have_attribute("aria-pressed", "false")
    expect(item.get_by_role("button", name="eens")).to_contain_text("1")
    assert not Reaction.objects.filter(user=fleur).exists()
    assert page.evaluate("window.notReloaded") is True

    # With the keyboard: Tab to the post's "mooi", press Enter.
    post_bar = page.locator("#reacties")
    post_bar.get_by_role("button", name="mooi").focus()
    page.keyboard.press("Enter")
    expect(post_bar.get_by_role("button", name="mooi")).to_have_attribute("aria-pressed", "true")
    expect(post_bar.get_by_role("button", name="mooi")).to_contain_text("2")
    item.get_by_role("button", name="idee").click()
    expect(item.get_by_role("button", name="goed idee")).to_have_attribute("aria-pressed", "true")
    page.locator(".reaction-who").evaluate_all("(all) => all.forEach((details) => { details.open = true; })")
    check_page(page, "reactions-post")


def test_reacting_without_javascript(browser, live_server, make_user, make_post):
    from .conftest import PASSWORD

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    wilma, bas = make_user("wilma", display_name="Wilma Bakker"), make_user("bas", display_name="Bas de Groot")
    post = make_post(author=wilma, title="Zonder script")
    comment = add_comment(post=post, author=wilma, body="Een reactie.")
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(bas.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(post.get_absolute_url())
    page.locator(f"#comment-{comment.pk}").get_by_role("button", name="mooi").click()
    assert page.url.endswith(f"{post.get_absolute_url()}#comment-{comment.pk}")
    expect(page.locator(f"#comment-{comment.pk}").get_by_role("button", name="mooi")).to_have_attribute(
        "aria-pressed", "true"
    )
    context.close()


def test_follow_a_colleague_and_see_their_next_post_marked(page, log_in, make_user, make_post):
    wilma = make_user("wilma", display_name="Wilma Bakker", department="Directie")
    bas = make_user("bas", display_name="Bas de Groot", department="Collectie")
    karim = make_user("karim", display_name="Karim El Amrani", department="Jeugd")
    make_post(author=karim, title="Nieuwe strips binnen")
    followed_before = make_post(author=bas, title="Een bericht dat Fleur volgt")
    fleur = make_user("fleur", display_name="Fleur Visser")
    from notifications.models import BlogFollow, Follow

    Follow.objects.create(user=fleur, post=followed_before)
    BlogFollow.objects.create(user=fleur, blog=karim.personal_blog)

    log_in(fleur)
    page.goto(wilma.get_absolute_url())
    page.get_by_role("button", name="Volg Wilma Bakker").click()
    expect(page.get_by_role("button", name="Niet meer volgen")).to_be_visible()
    assert ColleagueFollow.objects.filter(user=fleur, person=wilma).exists()

    # Wilma writes; Fleur finds it marked on the front page, and under "Gevolgd".
    plans = save_post(
        Post(author=wilma, blog=wilma.personal_blog, title="Plannen voor het nieuwe jaar", body="Een vooruitblik."),
        tag_names=[],
        publish=True,
    )
    for person, kind in ((bas, "eens"), (karim, "eens"), (fleur, "idee")):
        Reaction.objects.create(user=person, post=plans, kind=kind)
    make_post(author=bas, title="Iets van Bas")
    page.goto("/")
    card = page.locator("article.post-card", has_text="Plannen voor het nieuwe jaar")
    expect(card.get_by_text("Gevolgd", exact=True)).to_be_visible()
    expect(card.locator(".post-reactions")).to_have_text("👍 eens: 2 💡 goed idee: 1")
    expect(page.locator("article.post-card", has_text="Iets van Bas").get_by_text("Gevolgd", exact=True)).to_have_count(
        0
    )
    page.get_by_text("Filteren op blog").click()
    page.get_by_label("Gevolgd: alleen van collega's en blogs die je volgt").check()
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator("article.post-card", has_text="Plannen voor het nieuwe jaar")).to_be_visible()
    expect(page.locator("article.post-card", has_text="Iets van Bas")).to_have_count(0)
    check_page(page, "front-page-followed")
    page.goto("/notifications/")
    expect(page.get_by_text("Wilma Bakker schreef een nieuw bericht: „Plannen voor het nieuwe jaar”")).to_be_visible()

    # Her profile lists what she follows, and she stops following Wilma there.
    page.goto(fleur.get_absolute_url())
    following = page.get_by_role("region", name="Wat je volgt")
    expect(following).to_contain_text("Wilma Bakker")
    expect(following).to_contain_text(karim.personal_blog.title)
    expect(following).to_contain_text("Een bericht dat Fleur volgt")
    check_page(page, "profile-following")
    page.get_by_role("link", name=karim.personal_blog.title).click()
    expect(page.get_by_role("button", name="Niet meer volgen")).to_be_visible()
    check_page(page, "blog-followed")
    page.go_back()
    following.get_by_role("button", name="Niet meer volgen Wilma Bakker").click()
    expect(page.get_by_text("Je volgt Wilma Bakker niet meer.")).to_be_visible()
    expect(page.get_by_role("region", name="Wat je volgt")).not_to_contain_text("Wilma Bakker")
    assert not ColleagueFollow.objects.exists()
