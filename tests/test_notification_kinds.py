"""Notification kinds are declared once (notifications.kinds); nothing else needs to change."""

import logging

from django.urls import reverse

from notifications import kinds
from notifications.models import EmailPreference, Notification
from notifications.services import notify


def test_a_new_kind_is_one_declaration(monkeypatch, client, alice, bob, make_post):
    proposal = kinds.Kind(
        "proposal", "als er een voorstel is", "%(actor)s doet een voorstel in „%(title)s”", email_by_default=True
    )
    monkeypatch.setattr(kinds, "KINDS", [*kinds.KINDS, proposal])
    monkeypatch.setitem(kinds._BY_KEY, "proposal", proposal)
    post = make_post(title="Langer open")
    notify(actor=alice, post=post, comment=None, reasons={"proposal": [bob]})
    client.force_login(bob)
    assert (
        "Alice de Vries doet een voorstel in „Langer open”"
        in client.get(reverse("notifications:notification_list")).content.decode()
    )
    form_page = client.get(reverse("notifications:email_preferences")).content.decode()
    assert "als er een voorstel is" in form_page
    client.post(reverse("notifications:email_preferences"), {"on_reply": "on", "digest": "off"})
    preference = EmailPreference.objects.get(user=bob)
    assert preference.wants("reply") and not preference.wants("proposal") and not preference.wants("mention")


def test_an_undeclared_kind_never_breaks_the_write_that_causes_it(alice, bob, make_post, caplog):
    post = make_post()
    with caplog.at_level(logging.ERROR, logger="notifications.services"):
        made = notify(actor=alice, post=post, comment=None, reasons={"verzonnen": [bob], "mention": [bob]})
    assert [n.kind for n in made] == ["mention"]
    assert "verzonnen" in caplog.text


def test_a_stored_notification_of_a_kind_no_longer_declared_still_shows(client, alice, bob, make_post):
    post = make_post(title="Oud nieuws")
    Notification.objects.create(recipient=bob, actor=alice, kind="afgeschaft", post=post)
    client.force_login(bob)
    response = client.get(reverse("notifications:notification_list"))
    assert response.status_code == 200
    assert "Alice de Vries schreef iets bij „Oud nieuws”" in response.content.decode()


def test_email_choices_are_kept_per_kind_and_default_to_the_declaration(client, bob):
    client.force_login(bob)
    page = client.get(reverse("notifications:email_preferences")).content.decode()
    for kind in kinds.KINDS:
        assert str(kind.label) in page
    client.post(reverse("notifications:email_preferences"), {"on_comment": "on", "digest": "weekly"})
    preference = EmailPreference.objects.get(user=bob)
    # Only the kinds changed from how the form showed them are stored: every one on by default but
    # the ticked one was switched off; the ticked one (on by default) still follows its default.
    assert preference.kinds == {
        kind.key: False for kind in kinds.KINDS if kind.email_by_default and kind.key != "comment"
    }
    assert all(preference.wants(kind.key) == (kind.key == "comment") for kind in kinds.KINDS)
    assert preference.digest == "weekly"
