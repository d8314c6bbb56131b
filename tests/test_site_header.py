"""Every page's header comes from the cache per reader (blogs.templatetags.frame_tags), and still
shows each change at once and logs out from any browser the reader is signed in with."""

import re

from django.test import Client

from notifications.models import Notification


def header(client, url="/"):
    page = client.get(url).content.decode()
    return page[page.index("<header>") : page.index("</header>")]


def test_each_browser_logs_out_with_its_own_token(alice):
    browsers = [Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)]
    tokens = []
    for browser in browsers:
        browser.force_login(alice)
        for _ in range(2):  # made, then from the cache
            shown = header(browser)
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', shown)[1])
    assert tokens[0] != tokens[1]
    for browser, token in zip(browsers, tokens, strict=True):
        response = browser.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
        assert response.status_code == 302
        assert "Uitloggen" not in browser.get("/", follow=True).content.decode()


def test_a_new_name_a_role_and_the_bell_show_at_once(client, alice, bob, make_post, managers):
    client.force_login(alice)
    assert "Alice de Vries" in header(client)
    alice.display_name = "Alice van Dam"
    alice.save()
    assert "Alice van Dam" in header(client)

    assert "Deelname" not in header(client)
    alice.groups.add(managers)
    assert "Deelname" in header(client)
    alice.groups.remove(managers)
    assert "Deelname" not in header(client)

    assert 'data-testid="unread-count"' not in header(client)
    notification = Notification.objects.create(recipient=alice, actor=bob, kind="mention", post=make_post(author=bob))
    assert 'data-testid="unread-count">1<' in header(client)
    client.get(f"/notifications/{notification.pk}/")  # opening it reads it
    assert 'data-testid="unread-count"' not in header(client)


def test_the_search_results_header_holds_the_query(client, alice):
    client.force_login(alice)
    header(client)
    assert 'value="leesclub"' in header(client, "/search/?q=leesclub")
    assert 'value="leesclub"' not in header(client)
