"""Search in the browser: a colleague on a phone types a word in another form than the one in the
text into the header's field, sees the result with the match highlighted and opens it. axe-core
(WCAG 2.2 AA with target size) audits the results page, with and without results, at both widths."""

import pytest
from playwright.sync_api import expect

from blogs.models import Post
from blogs.services import save_post
from comments.services import add_comment

from .test_decisions import check_page

TITLE = "Openingstijden van de bibliotheken in de zomer"


@pytest.fixture
def written(alice, bob):
    post = save_post(
        Post(
            blog=alice.personal_blog,
            author=alice,
            title=TITLE,
            body="Vorig jaar spraken we af dat de vestigingen op zaterdag langer open blijven. <script>x</script>",
        ),
        publish=True,
        tag_names=["openingstijden"],
    )
    add_comment(post=post, author=bob, body="Goed plan: de bibliotheek als huiskamer van de wijk.")
    return post


def test_a_colleague_on_a_phone_finds_a_post_by_another_word_form_and_opens_it(page, log_in, bob, written):
    log_in(bob)
    page.set_viewport_size({"width": 375, "height": 740})
    field = page.get_by_role("searchbox", name="Zoeken in Blognet")
    expect(field).to_be_visible()  # in the closed header, not behind the menu button
    field.fill("bibliotheek")
    field.press("Enter")
    page.wait_for_url("**/search/?q=bibliotheek")
    result = page.get_by_role("link", name=TITLE, exact=True)
    expect(result.locator("mark")).to_have_text("bibliotheken")
    expect(page.locator(".search-snippet mark").first).to_be_visible()
    check_page(page, "search-results")
    result.click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()


def test_the_search_page_without_results_and_with_tips_passes_axe(page, log_in, bob, written):
    log_in(bob)
    page.goto("/search/?q=")
    expect(page.get_by_role("heading", name="Zo zoek je")).to_be_visible()
    check_page(page, "search-empty")
    page.goto("/search/?q=onvindbaarwoord&kind=post")
    expect(page.get_by_text("Niets gevonden.")).to_be_visible()
    check_page(page, "search-nothing")
