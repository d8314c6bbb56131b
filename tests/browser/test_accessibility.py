"""axe-core on the main pages: no serious or critical WCAG violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = {
    "front page": lambda post, user: "/",
    "blog": lambda post, user: post.blog.get_absolute_url(),
    "post": lambda post, user: post.get_absolute_url(),
    "editor": lambda post, user: "/write/",
    "profile": lambda post, user: user.get_absolute_url(),
    "profile edit": lambda post, user: "/people/me/edit/",
    "directory": lambda post, user: "/people/",
    "blogs": lambda post, user: "/blogs/",
    "tag": lambda post, user: "/tags/jeugd/",
    "delete": lambda post, user: f"{post.get_absolute_url()}delete/",
    "image upload": lambda post, user: "/write/image/",
    "password change": lambda post, user: "/accounts/password_change/",
}


def serious_violations(page):
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violations(page, log_in, alice, make_post, name):
    post = make_post(body="## Kop\n\nTekst met een [link](https://www.bibliotheek.nl).", tags=["jeugd"])
    log_in(alice)
    page.goto(PAGES[name](post, alice))
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []


def test_post_page_with_a_thread_has_no_serious_accessibility_violations(page, log_in, alice, bob, make_post):
    from comments.services import add_comment

    post = make_post()
    parent = None
    for n in range(8):
        parent = add_comment(post=post, author=bob if n % 2 else alice, body=f"Reactie {n} voor @alice", parent=parent)
    log_in(alice)
    page.goto(post.get_absolute_url())
    page.get_by_role("link", name="Reageren").first.click()
    assert serious_violations(page) == []
    page.goto("/notifications/")
    assert serious_violations(page) == []
    page.goto("/notifications/email/")
    assert serious_violations(page) == []
    own = post.comments.filter(author=alice).first()
    for url in (f"/comments/{own.pk}/edit/", f"/comments/{own.pk}/remove/"):
        page.goto(url)
        assert serious_violations(page) == [], url


def test_reader_and_manager_pages_have_no_serious_accessibility_violations(
    page, log_in, alice, bob, make_post, managers
):
    from comments.services import add_comment
    from notifications.digests import unsubscribe_url

    alice.groups.add(managers)
    post = make_post(tags=["jeugd"])
    add_comment(post=post, author=bob, body="Mooi!")
    log_in(bob)
    page.goto(post.get_absolute_url())
    log_in(alice)
    for url in [
        "/?tag=jeugd&department=Jeugd",
        f"{post.get_absolute_url()}readers/",
        "/insights/",
        "/insights/?department=Jeugd&months=24",
        "/people/?department=Collectie",
        unsubscribe_url(alice).removeprefix("http://127.0.0.1:8000"),
    ]:
        page.goto(url)
        assert serious_violations(page) == [], url


def test_login_page_has_no_serious_accessibility_violations(page):
    page.goto("/accounts/login/")
    assert serious_violations(page) == []
