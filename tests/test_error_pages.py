"""In DEBUG too, a person who opens a page that does not exist or is not theirs sees Blognet's own
page (templates/404.html, 403.html); BLOGNET_TECHNICAL_404 asks for Django's technical 404 page."""

import pytest
from django.urls import reverse

from blogs.models import Post


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    settings.BLOGNET_TECHNICAL_404 = False
    return settings


def own_404(response):
    page = response.content.decode()
    return response.status_code == 404 and "Niet gevonden" in page and "Deze pagina bestaat niet (meer)" in page


def test_an_address_that_matches_nothing_shows_blognets_page_in_debug(client, debug, alice):
    client.force_login(alice)
    response = client.get("/bestaat/niet/")
    assert own_404(response)
    assert "URLconf" not in response.content.decode()
    assert "Alice de Vries" in response.content.decode()  # the whole site around it: the header knows you


def test_a_view_that_finds_nothing_shows_blognets_page_in_debug(client, debug, alice, bob, make_post):
    draft = make_post(title="Geheim", status=Post.Status.DRAFT)
    client.force_login(bob)
    assert own_404(client.get(draft.get_absolute_url()))
    assert own_404(client.get(reverse("people:profile", args=["niemand"])))


def test_a_missing_slash_is_still_added_first(client, debug, alice):
    client.force_login(alice)
    response = client.get("/notifications")
    assert response.status_code == 301 and response.url == "/notifications/"


def test_forbidden_shows_blognets_page_in_debug(client, debug, alice, bob, make_post, make_comment):
    comment = make_comment(make_post(), author=bob)
    client.force_login(alice)
    response = client.get(reverse("comments:comment_edit", args=[comment.pk]))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_the_technical_404_page_when_asked_for(client, debug, alice):
    debug.BLOGNET_TECHNICAL_404 = True
    client.force_login(alice)
    response = client.get("/bestaat/niet/")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode()


def test_without_debug_blognets_page_as_always(client, settings, alice):
    settings.DEBUG = False
    client.force_login(alice)
    assert own_404(client.get("/bestaat/niet/"))
