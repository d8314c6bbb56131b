"""Moving an old blog in the browser: a colleague uploads their Blogger backup, reads the dry run,
confirms, and finds their posts with the threads as they were. axe-core audits the upload page, the
dry run and the result at both widths."""

from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

from .test_decisions import check_page

BACKUP = Path(__file__).parent.parent / "imports" / "blogger.xml"


def test_a_colleague_moves_their_blogger_blog_after_reading_the_dry_run(page, log_in, alice, make_user):
    make_user("jan", display_name="Jan Peeters")
    log_in(alice)
    page.goto(alice.personal_blog.get_absolute_url())
    page.get_by_role("link", name="Oude blog overzetten").click()
    expect(page.get_by_role("heading", level=1, name="Mijn oude blog overzetten")).to_be_visible()
    check_page(page, "import-start")

    page.get_by_label("Exportbestand").set_input_files(BACKUP)
    page.get_by_role("button", name="Bekijken wat er overkomt").click()
    expect(page.get_by_role("heading", level=1, name="Dit komt er over")).to_be_visible()
    expect(page.get_by_test_id("posts-new")).to_have_text("3")
    expect(page.get_by_test_id("comments-new")).to_have_text("4")
    authors = page.get_by_role("region", name="Wie de reacties schreef")
    expect(authors.get_by_role("row").filter(has_text="Jan Peeters")).to_contain_text("herkend aan de naam")
    expect(page.get_by_text("Over de leesclub")).to_be_visible()  # a page, left out, and why
    check_page(page, "import-dry-run")

    page.get_by_role("button", name="Overzetten", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Bezig met overzetten…")).to_be_visible()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Je oude blog is overgezet")).to_be_visible()
    check_page(page, "import-done")

    page.get_by_role("link", name="Naar de blog").click()
    page.get_by_role("link", name="Voorleesweek in de bibliotheek").first.click()
    thread = page.locator(".comment-thread")
    reply = thread.locator("li.comment").filter(has_text="Ja hoor, elke zaterdag")
    expect(reply).to_contain_text("Marieke van den Berg")
    expect(reply).to_contain_text("uit de import")
    expect(reply).to_have_class("comment indent-1")  # an answer to Jan's question, one step in
    check_page(page, "imported-thread")
