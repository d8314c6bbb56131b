import re
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from blogs.models import Post


def write(client, blog, **data):
    data.setdefault("title", "Nieuwe boekenkast")
    data.setdefault("body", "De **boekenkast** is er!")
    return client.post(reverse("blogs:post_create", args=[blog.slug]), data)


def test_publish_now_shows_on_front_page_with_tags(client, alice):
    client.force_login(alice)
    response = write(client, alice.personal_blog, tag_names="Collectie, jeugd, collectie", publish="1")
    post = Post.objects.get()
    assert response.status_code == 302
    assert response.url == post.get_absolute_url()
    assert post.is_published()
    assert sorted(post.tags.values_list("name", flat=True)) == ["collectie", "jeugd"]
    page = client.get(reverse("blogs:front_page")).content.decode()
    assert "Nieuwe boekenkast" in page
    assert "#jeugd" in page


def test_save_as_draft_keeps_it_off_the_front_page(client, alice):
    client.force_login(alice)
    write(client, alice.personal_blog, draft="1")
    post = Post.objects.get()
    assert post.status == Post.Status.DRAFT
    assert "Nieuwe boekenkast" not in client.get(reverse("blogs:front_page")).content.decode()


def test_schedule_for_later(client, alice, bob):
    client.force_login(alice)
    later = timezone.localtime() + timezone.timedelta(days=2)
    write(client, alice.personal_blog, publish="1", published_at=later.strftime("%Y-%m-%dT%H:%M"))
    post = Post.objects.get()
    assert post.is_scheduled()
    client.force_login(bob)
    assert "Nieuwe boekenkast" not in client.get(reverse("blogs:front_page")).content.decode()
    # Its moment comes without anything being written (the front page's fragments are cached).
    with mock.patch("django.utils.timezone.now", return_value=post.published_at + timezone.timedelta(minutes=1)):
        assert "Nieuwe boekenkast" in client.get(reverse("blogs:front_page")).content.decode()


@pytest.mark.parametrize("typed", ["14-03-2031 09:30", "14-03-2031 9.30", "14/03/2031 09:30", "2031-03-14T09:30"])
def test_publication_time_is_read_the_dutch_way_and_as_browsers_send_it(client, alice, typed):
    client.force_login(alice)
    write(client, alice.personal_blog, publish="1", published_at=typed)
    assert timezone.localtime(Post.objects.get().published_at).strftime("%d-%m-%Y %H:%M") == "14-03-2031 09:30"


def test_publication_time_is_shown_the_dutch_way_when_editing(client, alice, make_post):
    post = make_post(published_at=timezone.make_aware(timezone.datetime(2031, 3, 14, 9, 30)))
    client.force_login(alice)
    page = client.get(reverse("blogs:post_edit", args=[post.blog.slug, post.slug])).content.decode()
    assert 'value="14-03-2031 09:30"' in page
    assert 'placeholder="dd-mm-jjjj uu:mm"' in page


def test_write_page_preselects_own_blog_and_offers_the_personeelsblog(client, alice, personeelsblog):
    client.force_login(alice)
    form = client.get(reverse("blogs:post_write")).context["form"]
    assert form.initial["blog"] == alice.personal_blog
    assert set(form.fields["blog"].queryset) == {alice.personal_blog, personeelsblog}


def test_post_on_the_personeelsblog(client, alice, personeelsblog):
    client.force_login(alice)
    client.post(
        reverse("blogs:post_write"),
        {"blog": personeelsblog.pk, "title": "Koffieautomaat", "body": "Kapot.", "publish": "1"},
    )
    assert Post.objects.get().blog == personeelsblog


def test_edit_keeps_address_and_updates_text(client, alice, make_post):
    post = make_post()
    client.force_login(alice)
    response = client.post(
        reverse("blogs:post_edit", args=[post.blog.slug, post.slug]),
        {"title": "Leesclub op zondag", "body": "Verplaatst", "tag_names": "", "publish": "1"},
    )
    post.refresh_from_db()
    assert response.url == post.get_absolute_url()
    assert post.slug == "leesclub-op-zaterdag"
    assert post.title == "Leesclub op zondag"
    assert post.body_html == "<p>Verplaatst</p>"


def messages_after(client, response):
    return [str(message) for message in client.get(response.url).context["messages"]]


def test_editing_a_published_post_says_bijgewerkt_and_publishing_a_draft_says_gepubliceerd(client, alice, make_post):
    post = make_post()
    client.force_login(alice)
    edit = reverse("blogs:post_edit", args=[post.blog.slug, post.slug])
    response = client.post(edit, {"title": post.title, "body": "Anders", "tag_names": "", "publish": "1"})
    assert messages_after(client, response) == ["Je bericht is bijgewerkt."]

    draft = make_post(title="Concept", status=Post.Status.DRAFT)
    edit = reverse("blogs:post_edit", args=[draft.blog.slug, draft.slug])
    response = client.post(edit, {"title": "Concept", "body": "Klaar", "tag_names": "", "publish": "1"})
    assert messages_after(client, response) == ["Je bericht is gepubliceerd."]
    response = write(client, alice.personal_blog, publish="1")
    assert messages_after(client, response) == ["Je bericht is gepubliceerd."]


def test_the_editor_offers_to_update_a_published_post_and_to_publish_a_draft(client, alice, make_post):
    def buttons(post):
        page = client.get(reverse("blogs:post_edit", args=[post.blog.slug, post.slug])).content.decode()
        return re.findall(r'<button type="submit" name="(?:publish|draft)"[^>]*>([^<]+)</button>', page)

    client.force_login(alice)
    assert buttons(make_post()) == ["Bijwerken", "Terugzetten naar concept"]
    assert buttons(make_post(title="Concept", status=Post.Status.DRAFT)) == ["Publiceren", "Opslaan als concept"]


def test_empty_title_gives_a_form_error_and_saves_nothing(client, alice):
    client.force_login(alice)
    response = write(client, alice.personal_blog, title="", publish="1")
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert "De **boekenkast** is er!" in response.content.decode()
    assert not Post.objects.exists()


def test_same_title_twice_gets_its_own_address(client, alice):
    client.force_login(alice)
    write(client, alice.personal_blog, publish="1")
    write(client, alice.personal_blog, publish="1")
    assert sorted(Post.objects.values_list("slug", flat=True)) == ["nieuwe-boekenkast", "nieuwe-boekenkast-2"]


def test_title_that_is_a_page_name_gets_another_address(client, alice):
    client.force_login(alice)
    write(client, alice.personal_blog, title="New", publish="1")
    post = Post.objects.get()
    assert post.slug == "new-2"
    assert client.get(post.get_absolute_url()).status_code == 200


def test_preview_uses_the_server_pipeline(client, alice):
    client.force_login(alice)
    response = client.post(reverse("blogs:markdown_preview"), {"body": "# Kop <script>x</script>"})
    assert response.json()["html"] == "<h2>Kop &lt;script&gt;x&lt;/script&gt;</h2>"


def test_front_page_date_reads_as_a_dutch_reader_expects(client, alice, make_post):
    import datetime

    make_post(published_at=datetime.datetime(2009, 12, 20, 12, 0, tzinfo=datetime.UTC))
    client.force_login(alice)
    assert "zondag 20 december 2009" in client.get(reverse("blogs:front_page")).content.decode()


def test_front_page_highlights_the_personeelsblog(client, alice, make_post, personeelsblog):
    make_post(blog=personeelsblog, title="Nieuwe werktijden")
    client.force_login(alice)
    page = client.get(reverse("blogs:front_page")).content.decode()
    assert "Nieuw op het Personeelsblog" in page
    highlight = page.split('id="personeelsblog-heading"')[1].split("</section>")[0]
    assert "Nieuwe werktijden" in highlight


def test_front_page_card_shows_author_blog_excerpt_and_comment_count(client, alice, make_post):
    make_post(body="Een lange tekst over de **leesclub** die elke zaterdag samenkomt.")
    client.force_login(alice)
    page = client.get(reverse("blogs:front_page")).content.decode()
    assert "Alice de Vries" in page
    assert "Blog van Alice de Vries" in page
    assert "Een lange tekst over de leesclub die elke zaterdag samenkomt." in page
    assert "0 reacties" in page


def test_front_page_is_paginated_newest_first(client, alice, make_post):
    for n in range(25):
        make_post(title=f"Bericht {n:02d}", published_at=timezone.now() - timezone.timedelta(hours=100 - n))
    client.force_login(alice)
    first = client.get(reverse("blogs:front_page")).content.decode()
    assert first.index("Bericht 24") < first.index("Bericht 23")
    assert "Bericht 04" not in first
    second = client.get(reverse("blogs:front_page") + "?page=2").content.decode()
    assert "Bericht 04" in second


def test_html_an_editor_could_send_never_reaches_the_page(client, alice):
    """Whatever the editor (or anything posing as it) sends, the server's pipeline decides."""
    client.force_login(alice)
    body = "\n\n".join(
        [
            "<script>alert(1)</script>",
            '<img src="x" onerror="alert(2)">',
            '<iframe src="https://example.com"></iframe>',
            '<p style="color:red" onclick="alert(3)">rood</p>',
            "[klik](javascript:alert(4)) en [ook](java\tscript:alert(5))",
            "![plaatje](javascript:alert(6))",
            "**vet** blijft",
        ]
    )
    write(client, alice.personal_blog, publish="1", body=body)
    post = Post.objects.get()
    shown = client.get(post.get_absolute_url()).content.decode()
    assert post.body_html in shown  # the page shows the pipeline's output, and only that

    class Elements(HTMLParser):
        found = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, dict(attrs)))

    parser = Elements()
    parser.feed(post.body_html)
    tags = {tag for tag, _ in parser.found}
    attributes = {name for _, attrs in parser.found for name in attrs}
    assert tags == {"p", "a", "img", "strong"}  # the raw HTML is text ("&lt;script&gt;"), not elements
    assert attributes <= {"rel", "alt"}  # no href="javascript:...", no src, no on..., no style
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in post.body_html
