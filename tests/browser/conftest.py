"""Browser tests: Playwright for Python driving Debian's Chromium against a live Blognet.

They fail in CI when Chromium is missing and skip elsewhere, saying why.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in this thread; Django would otherwise
# refuse the test's own database calls made next to it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "wachtwoord-123"

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # Each browser test sees a live server: a real transaction per request, and the
            # Personeelsblog from the data migration restored afterwards.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM}: install it with 'apt-get install chromium'."
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page, live_server):
    from playwright.sync_api import expect

    def log_in(user):
        page.goto("/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        # A failed login answers with the login page, whose address ends in "/" too: wait for
        # the front page's exact address, and for the header to name this person (not whoever
        # was logged in before).
        front_page = f"{live_server.url}/"
        page.wait_for_url(lambda url: url == front_page)
        header = page.get_by_role("navigation", name="Hoofdmenu")
        expect(header.get_by_role("button", name=user.name, exact=True)).to_be_visible()  # their menu
        return page

    return log_in


def visual_editor(page):
    """The post editor's visual box, never the textarea it replaces: right after a page loads, before
    the editor has started, the textarea is still the visible box called "Tekst"."""
    return page.get_by_role("textbox", name="Tekst").and_(page.locator("[contenteditable=true]"))
