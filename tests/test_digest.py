import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from notifications.digests import unsubscribe_url
from notifications.models import DigestSent, EmailPreference

# A Wednesday: the last whole week is Monday 9 to Sunday 15 November 2026.
TODAY = "2026-11-18"
IN_WEEK = datetime.datetime(2026, 11, 11, 10, 0, tzinfo=datetime.UTC)
BEFORE = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC)


def send(period="weekly", day=TODAY):
    call_command("send_digests", period=period, day=day, verbosity=0)


@pytest.fixture
def manager(make_user, managers):
    user = make_user("wilma", display_name="Wilma Bakker", department="Directie")
    user.groups.add(managers)
    return user


@pytest.fixture
def week(alice, bob, personeelsblog, make_post, make_comment, manager):
    quiet = make_post(title="Nieuwe kast", published_at=IN_WEEK)
    lively = make_post(title="Zaterdagopening", blog=personeelsblog, author=bob, published_at=IN_WEEK)
    make_post(title="Oud nieuws", published_at=BEFORE)
    for n in range(3):
        make_comment(lively, f"Reactie {n}", author=alice, created_at=IN_WEEK)
    make_comment(quiet, f"Hoi @{manager.username}", author=bob)
    return {"quiet": quiet, "lively": lively}


def test_managers_get_the_weekly_digest_by_default_and_others_do_not(smtp, week, manager):
    send()
    assert [m["To"] for m in smtp.messages] == [manager.email]


def test_digest_content_on_a_known_week(smtp, week, manager):
    send()
    message = smtp.messages[0]
    assert message["Subject"] == "Blognet: de week vanaf 9 november"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        assert "Nieuwe kast" in part and "Zaterdagopening" in part
        assert "Oud nieuws" not in part
        assert "3 nieuwe reacties" in part
        assert "Bob Jansen noemde je in" in part
    # grouped by blog: the Personeelsblog's post under its heading
    assert text.index("Personeelsblog") < text.index("Zaterdagopening")
    assert text.index("Blog van Alice de Vries") < text.index("Nieuwe kast")


def test_running_twice_for_the_same_period_sends_nothing_twice(smtp, week, manager):
    send()
    send()
    assert len(smtp.messages) == 1
    assert DigestSent.objects.count() == 1
    send(day="2026-11-25")  # the next week is a new period
    assert len(smtp.messages) == 2


def test_daily_digest_by_choice(smtp, week, alice):
    EmailPreference.objects.create(user=alice, digest="daily")
    send(period="daily", day="2026-11-12")
    assert [m["To"] for m in smtp.messages] == [alice.email]
    assert "Nieuwe kast" in smtp.messages[0].get_body(("plain",)).get_content()


def test_one_click_unsubscribe_without_login(smtp, week, manager):
    send()
    message = smtp.messages[0]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message["List-Unsubscribe"].strip().strip("<>")
    assert url == unsubscribe_url(manager)
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(url.removeprefix("http://127.0.0.1:8000"), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert EmailPreference.objects.get(user=manager).digest == "off"
    send(day="2026-11-25")
    assert len(smtp.messages) == 1


def test_unsubscribe_link_asks_first_and_a_forged_one_is_refused(client, manager):
    path = unsubscribe_url(manager).removeprefix("http://127.0.0.1:8000")
    response = client.get(path)
    assert "Ja, afmelden" in response.content.decode()
    assert not EmailPreference.objects.filter(user=manager).exists()
    forged = client.post(reverse("notifications:digest_unsubscribe", args=["nep-token"]))
    assert forged.status_code == 400
    assert "klopt niet" in forged.content.decode()


def test_mail_server_down_leaves_the_digest_to_be_sent_next_run(smtp, week, manager):
    from django.core.management.base import CommandError

    smtp.stop()
    with pytest.raises(CommandError):
        send()
    assert not DigestSent.objects.exists()
    smtp.start()
    send()
    assert len(smtp.messages) == 1


def test_preferences_page_shows_the_role_default(client, manager, alice):
    client.force_login(manager)
    assert client.get(reverse("notifications:email_preferences")).context["form"].initial["digest"] == "weekly"
    client.force_login(alice)
    assert client.get(reverse("notifications:email_preferences")).context["form"].initial["digest"] == "off"


def test_saving_the_preferences_untouched_keeps_following_the_defaults(client, alice, managers):
    from notifications.models import EmailPreference

    client.force_login(alice)
    shown = client.get(reverse("notifications:email_preferences")).context["form"]
    untouched = {name: "on" for name, field in shown.fields.items() if field.initial is True}
    client.post(reverse("notifications:email_preferences"), {**untouched, "digest": "off"})
    assert EmailPreference.objects.get(user=alice).kinds == {}
    # Made a manager later, she gets the managers' weekly overview: "off" was not her choice.
    alice.groups.add(managers)
    assert client.get(reverse("notifications:email_preferences")).context["form"].initial["digest"] == "weekly"

    # What she does change is kept, and stays through the next untouched save.
    client.post(reverse("notifications:email_preferences"), {**untouched, "on_comment": "", "digest": "daily"})
    client.post(reverse("notifications:email_preferences"), {**untouched, "on_comment": "", "digest": "daily"})
    preference = EmailPreference.objects.get(user=alice)
    assert (preference.kinds, preference.digest) == ({"comment": False}, "daily")


def test_digest_says_what_waits_for_you(smtp, week, manager, make_user, managers, make_post, personeelsblog, bob):
    from django.utils import timezone

    from decisions import services

    esther = make_user("esther", display_name="Esther Peters", department="Directie")
    esther.groups.add(managers)
    soon = timezone.now() + datetime.timedelta(days=7)

    def proposal(title):
        post = make_post(title=title, author=bob, blog=personeelsblog)
        return services.open_proposal(post, by=bob, body=f"{title}: doen we.", deadline=soon)

    table = proposal("Leestafel bij de ingang")
    answered = proposal("Koffie voor vrijwilligers")
    services.answer(answered, person=manager, choice="akkoord")
    agreed = proposal("Zaterdagrooster")
    services.answer(agreed, person=esther, choice="akkoord")  # Esther has answered all she could
    services.answer(table, person=esther, choice="onthouding")
    services.answer(answered, person=esther, choice="akkoord")
    services.close_round(agreed.pk, agreed.version, now=soon + datetime.timedelta(minutes=1))
    due = timezone.localdate() + datetime.timedelta(days=2)
    services.record_agreement(agreed, by=bob, body="Manager maakt het rooster.", owner=manager, due_date=due)

    send()
    messages = {message["To"]: message for message in smtp.messages}
    for part in ("plain", "html"):
        mine = messages[manager.email].get_body((part,)).get_content()
        waiting = mine[mine.index("Wacht op jou") : mine.index("Nieuwe berichten")]
        assert "Leestafel bij de ingang" in waiting and "geef je antwoord" in waiting
        assert "Zaterdagrooster" in waiting and "klaar op" in waiting
        assert "Koffie voor vrijwilligers" not in waiting  # already answered
        assert "Wacht op jou" not in messages[esther.email].get_body((part,)).get_content()


def test_a_mention_in_an_answer_to_you_is_listed_under_mentions(smtp, week, manager, alice, bob, make_comment):
    first = make_comment(week["quiet"], "Wie helpt?", author=manager)
    make_comment(week["quiet"], f"@{manager.username}, ik help", author=bob, parent=first)
    send()
    text = smtp.messages[0].get_body(("plain",)).get_content()
    mentions = text.split("Je bent genoemd (nog niet gezien)")[1]
    assert "Bob Jansen antwoordde op je reactie bij „Nieuwe kast”" in mentions  # the answer that mentions
    assert "Bob Jansen noemde je in „Nieuwe kast”" in mentions  # the plain mention from `week`


def test_an_answer_without_a_mention_and_a_removed_mention_are_not_listed(smtp, week, manager, bob, make_comment):
    from comments.services import remove_comment
    from notifications.models import Notification

    first = make_comment(week["quiet"], "Wie helpt?", author=manager)
    make_comment(week["quiet"], "Ik help", author=bob, parent=first)
    for mention in Notification.objects.filter(recipient=manager, kind="mention"):
        remove_comment(mention.comment, by=bob)
    send()
    assert "Je bent genoemd" not in smtp.messages[0].get_body(("plain",)).get_content()
