"""axe-core on the main pages: no serious or critical WCAG violations.

Every audit first proves it is on the page it means (the address asked for, a good status and
that page's own heading): a redirect to the login page or a 404 would otherwise be audited in
its place, and pass.
"""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

# name: (address, the page's <h1>), from a published post with tag "jeugd" and its author.
PAGES = {
    "front page": lambda post, user: ("/", "Alle berichten"),
    "blog": lambda post, user: (post.blog.get_absolute_url(), post.blog.title),
    "post": lambda post, user: (post.get_absolute_url(), post.title),
    "editor": lambda post, user: ("/write/", "Nieuw bericht"),
    "profile": lambda post, user: (user.get_absolute_url(), user.name),
    "profile edit": lambda post, user: ("/people/me/edit/", "Profiel bewerken"),
    "directory": lambda post, user: ("/people/", "Collega's"),
    "blogs": lambda post, user: ("/blogs/", "Alle blogs"),
    "tag": lambda post, user: ("/tags/jeugd/", "Berichten met tag #jeugd"),
    "delete": lambda post, user: (f"{post.get_absolute_url()}delete/", "Bericht verwijderen"),
    "image upload": lambda post, user: ("/write/image/", "Afbeelding uploaden"),
    "password change": lambda post, user: ("/accounts/password_change/", "Wachtwoord wijzigen"),
}


def open_page(page, url, heading):
    """Go to `url` and prove the browser is there: same address, a good answer, its own <h1>."""
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    shown = urlsplit(page.url)
    assert shown._replace(scheme="", netloc="").geturl() == url, f"asked for {url}, shown {page.url}"
    assert response.ok, f"{url} answered {response.status}"
    expect(page.get_by_role("heading", level=1, name=heading, exact=True)).to_have_count(1)


def serious_violations(page):
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def audit(page, url, heading):
    open_page(page, url, heading)
    return serious_violations(page)


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violations(page, log_in, alice, make_post, name):
    post = make_post(body="## Kop\n\nTekst met een [link](https://www.bibliotheek.nl).", tags=["jeugd"])
    log_in(alice)
    assert audit(page, *PAGES[name](post, alice)) == []


def test_an_audit_refuses_a_page_it_did_not_mean(page, log_in, alice):
    # Not logged in, the editor's address leads to the login page; a mistyped one to a 404.
    with pytest.raises(AssertionError, match="asked for /write/"):
        open_page(page, "/write/", "Nieuw bericht")
    log_in(alice)
    with pytest.raises(AssertionError, match="answered 404"):
        open_page(page, "/tags/bestaat-niet/", "Berichten met tag #bestaat-niet")
    with pytest.raises(AssertionError):
        open_page(page, "/blogs/", "Nieuw bericht")  # the right address, but not the page meant


def test_post_page_with_a_thread_has_no_serious_accessibility_violations(page, log_in, alice, bob, make_post):
    from comments.services import add_comment

    post = make_post()
    parent = None
    for n in range(8):
        parent = add_comment(post=post, author=bob if n % 2 else alice, body=f"Reactie {n} voor @alice", parent=parent)
    log_in(alice)
    open_page(page, post.get_absolute_url(), post.title)
    page.get_by_role("link", name="Reageren").first.click()
    expect(page.get_by_label(re.compile("^Je antwoord aan "))).to_be_focused()  # audit the open reply box
    assert serious_violations(page) == []
    assert audit(page, "/notifications/", "Meldingen") == []
    assert audit(page, "/notifications/email/", "E-mailvoorkeuren") == []
    own = post.comments.filter(author=alice).first()
    assert audit(page, f"/comments/{own.pk}/edit/", "Reactie bewerken") == []
    assert audit(page, f"/comments/{own.pk}/remove/", "Reactie verwijderen") == []


def test_reader_and_manager_pages_have_no_serious_accessibility_violations(
    page, log_in, alice, bob, make_post, managers
):
    from comments.services import add_comment
    from notifications.digests import unsubscribe_url

    alice.groups.add(managers)
    post = make_post(tags=["jeugd"])
    add_comment(post=post, author=bob, body="Mooi!")
    log_in(bob)
    open_page(page, post.get_absolute_url(), post.title)  # so that the readers page lists Bob
    log_in(alice)
    for url, heading in [
        ("/?tag=jeugd&department=Jeugd", "Alle berichten"),
        (f"{post.get_absolute_url()}readers/", f"Wie las „{post.title}”"),
        ("/insights/", "Deelname aan Blognet"),
        ("/insights/?department=Jeugd&months=24", "Deelname aan Blognet"),
        ("/people/?department=Collectie", "Collega's"),
        (urlsplit(unsubscribe_url(alice)).path, "Afmelden voor het overzicht"),
    ]:
        assert audit(page, url, heading) == [], url


def test_login_page_has_no_serious_accessibility_violations(page):
    assert audit(page, "/accounts/login/", "Inloggen bij Blognet") == []
