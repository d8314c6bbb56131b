from pathlib import Path

import polib
from django.conf import settings
from django.urls import reverse

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_english_translation_is_complete_and_compiled():
    po = polib.pofile(str(PO))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, f"{entry.msgid!r} is not compiled: run make messages"


def test_dutch_is_the_default_language(client, alice):
    client.force_login(alice)
    page = client.get(reverse("blogs:front_page")).content.decode()
    assert '<html lang="nl">' in page
    assert "Nieuwste berichten" in page


def test_english_is_available(client, alice):
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("blogs:front_page")).content.decode()
    assert '<html lang="en">' in page
    assert "Latest posts" in page


def test_personal_blog_title_is_stored_in_dutch_whatever_the_language(client, admin_user, db):
    from django.utils import translation

    from people.models import User

    with translation.override("en"):
        user = User.objects.create_user("engels", display_name="Emma")
    assert user.personal_blog.title == "Blog van Emma"


def test_an_english_browser_still_gets_dutch_until_the_person_chooses(client, alice):
    client.force_login(alice)
    page = client.get(reverse("blogs:front_page"), headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert "Nieuwste berichten" in page
