from html.parser import HTMLParser

import pytest

from blognet.markup import PROFILES, RENDER_VERSION, render_markdown


class ElementCollector(HTMLParser):
    """Collects the elements a browser would build from the HTML, with their attributes."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements_of(html):
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](&#106;avascript:alert(1))",
    "[klik](&#x6A;avascript:alert(1))",
    "[klik](java\tscript:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klik](vbscript:msgbox(1))",
    "![plaatje](javascript:alert(1))",
    "![plaatje](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![plaatje](vbscript:x)",
    '[klik](https://example.org "titel" onmouseover="alert(1)")',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<iframe src='https://example.org'></iframe>",
    "<svg onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<<script>script>alert(1)<</script>/script>",
    "<style>body{display:none}</style>",
    "[a]: javascript:alert(1)\n\n[klik][a]",
]


@pytest.mark.parametrize("source", HOSTILE)
@pytest.mark.parametrize("profile", ["post", "comment"])
def test_hostile_markdown_never_survives(source, profile):
    for tag, attrs in elements_of(render_markdown(source, profile=profile)):
        assert tag in PROFILES[profile]["tags"]
        for name, value in attrs.items():
            assert not name.startswith("on")
            assert name != "style"
            if name in ("href", "src"):
                assert value.startswith(("https:", "http:", "mailto:", "/")), value


def test_raw_html_is_shown_as_text_not_dropped():
    assert render_markdown("Gebruik <b>vet</b>") == "<p>Gebruik &lt;b&gt;vet&lt;/b&gt;</p>"


def test_headings_start_at_h2_because_the_page_owns_h1():
    html = render_markdown("# Titel\n\n## Sub\n\n###### Diep")
    assert "<h2>Titel</h2>" in html
    assert "<h3>Sub</h3>" in html
    assert "<h6>Diep</h6>" in html
    assert "<h1" not in html


def test_ordinary_markdown_renders():
    html = render_markdown("**vet** en *schuin*\n\n- een\n- twee\n\n[site](https://www.bibliotheek.nl)")
    assert "<strong>vet</strong>" in html
    assert "<em>schuin</em>" in html
    assert "<li>een</li>" in html
    assert '<a href="https://www.bibliotheek.nl" rel="noopener noreferrer">site</a>' in html


def test_images_are_allowed_in_posts_but_not_in_comments():
    source = "# Kop\n\n![Een leesclub](/media/posts/a.jpg)"
    assert ("img", {"src": "/media/posts/a.jpg", "alt": "Een leesclub"}) in elements_of(render_markdown(source))
    comment = render_markdown(source, profile="comment")
    assert "<img" not in comment
    assert "<h2" not in comment
    assert "Kop" in comment


def test_code_is_escaped():
    assert "&lt;script&gt;" in render_markdown("```\n<script>alert(1)</script>\n```")


def test_saved_post_stores_rendered_html_and_version(make_post):
    post = make_post(body="# Hallo <script>x</script>")
    assert post.body_html.startswith("<h2>Hallo &lt;script&gt;")
    assert post.render_version == RENDER_VERSION


def test_rerender_brings_stored_html_up_to_the_current_policy(make_post, make_comment):
    from django.core.management import call_command

    from blogs.models import Post
    from comments.models import Comment

    post = make_post(body="**vet**")
    comment = make_comment(post, "*schuin*")
    Post.objects.filter(pk=post.pk).update(body_html="<p>oud</p>", render_version=0)
    Comment.objects.filter(pk=comment.pk).update(body_html="<p>oud</p>", render_version=0)
    call_command("rerender", verbosity=0)
    post.refresh_from_db()
    comment.refresh_from_db()
    assert (post.body_html, post.render_version) == ("<p><strong>vet</strong></p>", RENDER_VERSION)
    assert (comment.body_html, comment.render_version) == ("<p><em>schuin</em></p>", RENDER_VERSION)


def test_text_the_pipeline_cannot_render_is_a_clear_form_error(client, alice, make_post):
    from django.urls import reverse

    from blogs.models import Post
    from comments.models import Comment

    post = make_post()
    client.force_login(alice)
    nested = "- " * 2400 + "diep"
    brackets = "[" * 1500
    for body, message in ((nested, "te diep genest"), (brackets, "meer dan 1000 keer het teken [")):
        response = client.post(reverse("comments:comment_create", args=[post.pk]), {"body": body})
        assert response.status_code == 400
        assert message in response.content.decode()
        response = client.post(reverse("blogs:post_write"), {"title": "Diep", "body": body, "publish": "1"})
        assert message in response.content.decode()
        response = client.post(reverse("blogs:markdown_preview"), {"body": body})
        assert response.status_code == 400
        assert message in response.json()["error"]
    assert not Comment.objects.exists()
    assert Post.objects.count() == 1


# Texts that took a worker for seconds per render (and four parallel previews held every worker):
# each is refused by counting, before anything is rendered.
SLOW_TEXTS = {
    "one-character lines": "a\n" * 50_000,
    "quotes in quotes": ">" * 100_000,
    "code fences": "```\n" * 25_000,
    "a table of 20,000 columns": "|" + "a|" * 20_000 + "\n|" + "-|" * 20_000 + "\n",
    "emphasis everywhere": "*a" * 50_000,
}


@pytest.mark.parametrize("name", SLOW_TEXTS)
def test_text_that_would_take_seconds_to_render_is_refused_with_a_clear_message(client, alice, name, renders):
    from django.urls import reverse

    from blogs.models import Post

    client.force_login(alice)
    body = SLOW_TEXTS[name][:100_000]
    response = client.post(
        reverse("blogs:post_write"), {"blog": alice.personal_blog.pk, "title": "Zwaar", "body": body, "publish": "1"}
    )
    assert response.status_code == 200
    assert "Verdeel hem over meerdere berichten" in response.content.decode() or "te diep genest" in (
        response.content.decode()
    )
    response = client.post(reverse("blogs:markdown_preview"), {"body": body})
    assert response.status_code == 400
    assert not Post.objects.exists()
    assert renders == []


def test_ordinary_long_posts_stay_welcome(client, alice):
    from django.urls import reverse

    from blogs.models import Post

    paragraph = "De bibliotheek is **open** op zaterdag, zie [de site](https://www.bibliotheek.nl). " * 12
    table = "| dag | open |\n| --- | --- |\n" + "| maandag | 9-17 |\n" * 30
    body = "\n\n".join([paragraph] * 80 + [table, "- een\n  - twee\n    - drie", "> citaat\n> > dieper"])
    assert len(body) > 80_000
    client.force_login(alice)
    client.post(
        reverse("blogs:post_write"),
        {"blog": alice.personal_blog.pk, "title": "Lang verhaal", "body": body, "publish": "1"},
    )
    assert Post.objects.get().body_html.count("<table>") == 1


def test_previews_are_limited_per_person(client, alice, bob):
    from django.core.cache import cache
    from django.urls import reverse

    from blogs.views import PREVIEWS_PER_MINUTE

    cache.clear()
    url = reverse("blogs:markdown_preview")
    client.force_login(alice)
    answers = [client.post(url, {"body": "**vet**"}).status_code for _ in range(PREVIEWS_PER_MINUTE + 1)]
    assert answers[:-1] == [200] * PREVIEWS_PER_MINUTE
    assert answers[-1] == 429
    assert "Even geduld" in client.post(url, {"body": "x"}).json()["error"]
    client.force_login(bob)
    assert client.post(url, {"body": "**vet**"}).status_code == 200


def test_control_characters_never_reach_the_stored_text(make_post, make_comment):
    post = make_post(title="Titel\x0bmet\x1b tab", body="Tekst\x08 met &#14; en \ufffe rare tekens")
    assert post.title == "Titelmet tab"
    assert "\x08" not in post.body and "\ufffe" not in post.body
    assert "\x0e" not in post.excerpt
    comment = make_comment(post, "Reactie\x0c met formfeed")
    assert comment.body == "Reactie met formfeed"


def test_control_characters_never_reach_names_or_tags(make_user, client):
    from django.urls import reverse

    from blogs.models import Post, Tag

    person = make_user("wim", display_name="Wim\x1b de\x0b Wit", department="Jeugd\x08")
    assert (person.display_name, person.department) == ("Wim de Wit", "Jeugd")
    client.force_login(person)
    client.post(
        reverse("blogs:post_create", args=[person.personal_blog.slug]),
        {"title": "Tags", "body": "x", "tag_names": "lees\x0cclub, jeugd", "publish": "1"},
    )
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["jeugd", "leesclub"]
    assert Post.objects.get().is_published()
