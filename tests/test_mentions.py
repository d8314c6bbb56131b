import pytest
from django.urls import reverse

from blognet.markup import mentioned_in, render_markdown
from comments.models import Mention


@pytest.fixture
def wilma(make_user):
    return make_user("wilma", display_name="Wilma Bakker")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Wat vind jij, @wilma?", {"wilma"}),
        ("@Wilma, kun je kijken?", {"wilma"}),
        ("Dank @wilma.", {"wilma"}),
        ("(@WILMA)", {"wilma"}),
        ("Mail wilma@bibliotheek.nl maar", set()),
        ("`@wilma` in code", set()),
        ("```\n@wilma\n```", set()),
        ("    @wilma in een codeblok", set()),
        ("@niemand bestaat niet", set()),
        ("[@wilma](https://example.org)", set()),
    ],
)
def test_mention_parsing(wilma, source, expected):
    assert mentioned_in(render_markdown(source)) == expected


def test_mention_links_to_the_profile_and_unknown_names_stay_text(wilma):
    html = render_markdown("Hoi @wilma en @niemand")
    assert f'<a class="mention" href="{wilma.get_absolute_url()}" rel="noopener noreferrer">@wilma</a>' in html
    assert "@niemand" in html
    assert html.count("<a") == 1


def test_mentions_in_posts_are_recorded_on_publication(client, alice, wilma):
    client.force_login(alice)
    client.post(
        reverse("blogs:post_create", args=[alice.personal_blog.slug]),
        {"title": "Vraag", "body": "@wilma wat denk jij? En @alice zelf.", "publish": "1"},
    )
    assert list(Mention.objects.values_list("user__username", "comment")) == [("wilma", None)]


def test_fifty_mentions_notify_each_once_and_render(client, alice, make_user, make_post):
    from notifications.models import Notification

    people = [make_user(f"collega{n}") for n in range(50)]
    post = make_post()
    body = " ".join(f"@{p.username}" for p in people) + " @collega0 nog eens"
    client.force_login(alice)
    client.post(reverse("comments:comment_create", args=[post.pk]), {"body": body})
    assert Notification.objects.filter(kind="mention").count() == 50
    assert Mention.objects.count() == 50
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count('class="mention"') == 51


def test_suggestions_match_username_and_name(client, alice, wilma, make_user):
    make_user("wbakker2", display_name="Willem de Wit")
    client.force_login(alice)
    results = client.get(reverse("people:suggest"), {"q": "wil"}).json()["results"]
    assert {r["username"] for r in results} == {"wilma", "wbakker2"}
    results = client.get(reverse("people:suggest"), {"q": "bak"}).json()["results"]
    assert [r["username"] for r in results] == ["wilma"]


def test_a_mention_keeps_the_case_the_writer_typed_and_links_to_the_profile(client, alice, wilma, make_post):
    html = render_markdown("@Wilma, kun je kijken? En @WILMA.")
    profile = wilma.get_absolute_url()
    assert f'<a class="mention" href="{profile}" rel="noopener noreferrer">@Wilma</a>, kun je' in html
    assert f'<a class="mention" href="{profile}" rel="noopener noreferrer">@WILMA</a>.' in html

    post = make_post()
    client.force_login(alice)
    client.post(reverse("comments:comment_create", args=[post.pk]), {"body": "@Wilma, wat vind jij?"})
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'href="{profile}" rel="noopener noreferrer">@Wilma</a>, wat vind jij?' in page
    assert list(Mention.objects.values_list("user__username", flat=True)) == ["wilma"]
    assert wilma.notifications.get().kind == "mention"
