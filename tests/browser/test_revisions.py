"""Revisions through the browser (issue 10): a colleague finds that a post was edited, reads its
history and what changed, the author puts an old version back, and a restore from a page the post
has outgrown is refused. axe audits the history and the diff at desktop and phone width.

Set BLOGNET_SCREENSHOTS to a folder to keep a full-page PNG of both pages at both widths.
"""

import re

from playwright.sync_api import expect

from blogs.models import Post
from blogs.services import save_post

from .test_decisions import check_page

ORIGINAL = """We starten in januari een leesclub voor tieners in de vestiging Centrum.

## Wanneer
Elke tweede zaterdag van de maand, van 14:00 tot 15:30 uur, in de leeszaal op de eerste verdieping.

## Wat we lezen
- Een roman die de tieners zelf kiezen
- Soms een graphic novel
- Een keer per jaar een klassieker

Aanmelden kan bij de balie of via https://www.bibliotheek.example/agenda/leesclub-voor-tieners-in-centrum.
Vragen? Mail @bob of kom langs."""

EDITED = (
    ORIGINAL.replace("in januari", "in februari")
    .replace(
        "- Soms een graphic novel\n", "- Soms een graphic novel of een manga\n- Gedichten van Nederlandse dichters\n"
    )
    .replace("Een keer per jaar een klassieker", "Twee keer per jaar een klassieker, samen met de volwassenenclub")
)


def make_edited_post(alice, bob):
    post = save_post(
        Post(blog=alice.personal_blog, author=alice, title="Leesclub voor tieners", body=ORIGINAL), publish=True
    )
    post.title, post.body = "Leesclub voor tieners in Centrum", EDITED
    save_post(post, publish=True, by=alice)
    return post


def test_a_colleague_reads_what_changed_and_the_author_puts_the_original_back(page, log_in, alice, bob):
    post = make_edited_post(alice, bob)

    log_in(bob)
    page.goto(post.get_absolute_url())
    expect(page.get_by_text(re.compile(r"bewerkt op \d+ \w+ \d{4}, \d\d:\d\d"))).to_be_visible()
    page.get_by_role("link", name="geschiedenis", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Geschiedenis van „Leesclub voor tieners in Centrum”")
    expect(page.get_by_role("heading", name=re.compile("^Versie 2"))).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("terugzetten"))).to_have_count(0)  # bob may not
    check_page(page, "post-history")

    page.get_by_role("link", name="Wat veranderde in versie 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wijzigingen in „Leesclub voor tieners in Centrum”")
    title = page.locator(".diff-title")
    expect(title.locator("ins")).to_have_text("toegevoegd: in Centrum")
    body = page.locator(".revision-diff").last
    expect(body.locator("del").first).to_have_text("verwijderd: januari")
    expect(body.locator("ins").first).to_have_text("toegevoegd: februari")
    expect(body.get_by_text("Gedichten van Nederlandse dichters")).to_be_visible()
    check_page(page, "post-diff")

    log_in(alice)
    page.goto(post.get_absolute_url())
    page.get_by_role("link", name="geschiedenis", exact=True).click()
    check_page(page, "post-history-author")  # with the restore buttons
    page.get_by_role("button", name="Versie 1 terugzetten").click()
    expect(page.get_by_text("Versie 1 is teruggezet als nieuwste versie.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leesclub voor tieners")
    expect(page.get_by_text("We starten in januari een leesclub")).to_be_visible()
    page.get_by_role("link", name="geschiedenis", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("^Versie 3"))).to_contain_text("nieuwste")


def test_a_restore_from_a_history_page_the_post_has_outgrown_is_refused(page, log_in, alice, bob):
    post = make_edited_post(alice, bob)
    log_in(alice)
    page.goto(post.get_absolute_url())
    page.get_by_role("link", name="geschiedenis", exact=True).click()
    # Meanwhile, in another tab, the post is changed again.
    post.refresh_from_db()
    post.body = "Een heel nieuwe tekst."
    save_post(post, publish=True, by=alice)
    page.get_by_role("button", name="Versie 1 terugzetten").click()
    expect(page.get_by_role("status")).to_contain_text("Er is niets teruggezet")
    post.refresh_from_db()
    assert post.body == "Een heel nieuwe tekst."
    assert post.revisions.count() == 3
