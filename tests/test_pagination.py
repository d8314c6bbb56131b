"""Lists count a bounded number of items, so a page costs the same after twenty years."""

from django.urls import reverse

from blognet import pagination
from notifications.models import Notification


def test_a_very_long_list_says_there_is_more_than_it_counted(client, alice, make_post, monkeypatch):
    monkeypatch.setattr(pagination, "MAX_PAGES", 2)
    for n in range(41):
        make_post(title=f"Bericht {n}")
    client.force_login(alice)
    page = client.get(reverse("blogs:front_page")).content.decode()
    assert "Pagina 1 van meer dan 2" in page
    assert 'rel="next"' in page
    last = client.get(reverse("blogs:front_page") + "?page=2").content.decode()
    assert "Pagina 2 van meer dan 2" in last


def test_a_list_within_the_count_says_how_many_pages(client, alice, make_post):
    for n in range(21):
        make_post(title=f"Bericht {n}")
    client.force_login(alice)
    assert "Pagina 1 van 2" in client.get(reverse("blogs:front_page")).content.decode()


def test_the_bell_stops_counting_at_99(client, alice, bob, make_post):
    post = make_post(author=bob)
    Notification.objects.bulk_create(
        Notification(recipient=alice, actor=bob, kind="mention", post=post) for _ in range(120)
    )
    client.force_login(alice)
    assert 'data-testid="unread-count">99+<' in client.get(reverse("blogs:front_page")).content.decode()
