from django.urls import reverse

from blogs.models import Blog
from people.models import User


def test_new_account_comes_with_a_personal_blog(db):
    user = User.objects.create_user("nieuw", display_name="Nina Nieuw", password="x")
    blog = Blog.objects.get(owner=user)
    assert blog.kind == Blog.Kind.PERSONAL
    assert blog.title == "Blog van Nina Nieuw"
    assert blog.slug == "nieuw"


def test_personeelsblog_exists_from_the_migrations(personeelsblog):
    assert personeelsblog.kind == Blog.Kind.SHARED
    assert personeelsblog.is_open_to_all


def test_directory_lists_colleagues_with_department(client, alice, bob):
    client.force_login(alice)
    page = client.get(reverse("people:directory")).content.decode()
    assert "Bob Jansen" in page
    assert "Collectie" in page


def test_profile_shows_bio_and_recent_posts(client, alice, bob, make_post):
    bob.bio = "Ik ben collectiespecialist."
    bob.save()
    make_post(author=bob, title="Nieuwe aanwinsten")
    client.force_login(alice)
    page = client.get(bob.get_absolute_url()).content.decode()
    assert "Ik ben collectiespecialist." in page
    assert "Nieuwe aanwinsten" in page
    assert "Profiel bewerken" not in page


def test_edit_own_profile(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("people:profile_edit"), {"display_name": "Alice V.", "department": "Directie", "bio": "Nieuwe bio"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.display_name, alice.department, alice.bio) == ("Alice V.", "Directie", "Nieuwe bio")


def test_unknown_profile_is_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("people:profile", args=["niemand"])).status_code == 404


def test_usernames_are_mention_handles(db):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        User(username="Hoofd Letters", password="x").full_clean()
