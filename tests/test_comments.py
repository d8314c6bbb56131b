import re
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blognet.models import ContentGeneration
from blogs.models import Post
from comments.models import Comment
from comments.threads import MAX_INDENT, thread_for
from tests.queries import body


def comment_url(post):
    return reverse("comments:comment_create", args=[post.pk])


def test_colleague_comments_and_sees_it_under_the_post(client, bob, make_post):
    post = make_post()
    client.force_login(bob)
    response = client.post(comment_url(post), {"body": "Ik doe **mee**!", "submission_key": uuid.uuid4()})
    comment = Comment.objects.get()
    assert response.url == f"{post.get_absolute_url()}#comment-{comment.pk}"
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Ik doe <strong>mee</strong>!" in page
    assert f'id="comment-{comment.pk}"' in page
    assert "1 reactie" in page
    post.refresh_from_db()
    assert post.comment_count == 1


def test_comment_count_shows_on_front_page(client, bob, make_post, make_comment):
    post = make_post()
    make_comment(post)
    make_comment(post)
    client.force_login(bob)
    assert "2 reacties" in client.get(reverse("blogs:front_page")).content.decode()


def test_empty_comment_is_a_form_error(client, bob, make_post):
    post = make_post()
    client.force_login(bob)
    response = client.post(comment_url(post), {"body": "   "})
    assert response.status_code == 400
    assert "Schrijf eerst je reactie." in response.content.decode()
    assert not Comment.objects.exists()


def the_box(page):
    """The comment box's textarea tag and the element its error is in."""
    textarea = re.search(r'<textarea name="body"[^>]*id="id_body"[^>]*>', page).group(0)
    return textarea, re.search(r'<div id="id_body_error"[^>]*>(.*?)</div>', page, re.S)


def test_a_failed_comment_opens_with_the_focus_in_the_box_and_the_error_tied_to_it(client, bob, make_post):
    post = make_post()
    client.force_login(bob)
    page = client.post(comment_url(post), {"body": "   "}).content.decode()
    textarea, error = the_box(page)
    assert " autofocus" in textarea  # also without JavaScript
    assert 'aria-invalid="true"' in textarea
    assert re.search(r'aria-describedby="[^"]*\bid_body_error\b', textarea)
    assert "Schrijf eerst je reactie." in error.group(1)
    # A page without an error takes nobody's focus.
    textarea, error = the_box(client.get(post.get_absolute_url()).content.decode())
    assert "autofocus" not in textarea and error is None


def test_a_failed_answer_still_says_whom_it_answers(client, bob, make_post, make_comment, alice):
    post = make_post()
    first = make_comment(post, author=alice)
    client.force_login(bob)
    page = client.post(comment_url(post), {"body": "", "parent": first.pk}).content.decode()
    assert re.search(r'<label[^>]*for="id_body"[^>]*>\s*Je antwoord aan Alice de Vries', page)
    assert f'name="parent" value="{first.pk}"' in page
    assert " autofocus" in the_box(page)[0]


def test_an_edit_just_now_reads_zojuist_bewerkt(client, bob, make_post, make_comment):
    comment = make_comment(make_post())
    client.force_login(bob)
    client.post(reverse("comments:comment_edit", args=[comment.pk]), {"body": "Verbeterd"})
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert "(zojuist bewerkt)" in page
    assert "bewerkt nu" not in page
    Comment.objects.filter(pk=comment.pk).update(edited_at=timezone.now() - timezone.timedelta(hours=3))
    ContentGeneration.bump()  # update() is no write path: the thread is cached until something changes
    assert "(bewerkt 3\xa0uur geleden)" in client.get(comment.post.get_absolute_url()).content.decode()


def test_too_long_comment_keeps_the_text(client, bob, make_post):
    post = make_post()
    client.force_login(bob)
    body = "lang " * 1200
    response = client.post(comment_url(post), {"body": body})
    assert response.status_code == 400
    assert "hoogstens 5000 tekens" in response.content.decode()
    assert body.strip() in response.content.decode()
    assert not Comment.objects.exists()


def test_no_comment_on_a_draft_or_unreadable_post(client, bob, make_post):
    draft = make_post(status=Post.Status.DRAFT)
    client.force_login(bob)
    assert client.post(comment_url(draft), {"body": "Hoi"}).status_code == 404
    assert client.post(reverse("comments:comment_create", args=[99999]), {"body": "Hoi"}).status_code == 404
    assert not Comment.objects.exists()


def test_anonymous_cannot_comment(client, make_post):
    post = make_post()
    assert client.post(comment_url(post), {"body": "Hoi"}).status_code == 302
    assert not Comment.objects.exists()


def test_reply_whose_parent_is_on_another_post_is_refused(client, bob, make_post, make_comment):
    first, second = make_post(title="Een"), make_post(title="Twee")
    elsewhere = make_comment(first)
    client.force_login(bob)
    response = client.post(comment_url(second), {"body": "Antwoord", "parent": elsewhere.pk})
    assert response.status_code == 400
    assert "hoort niet bij dit bericht" in response.content.decode()
    assert Comment.objects.count() == 1


def test_double_click_saves_one_comment(client, bob, make_post):
    post = make_post()
    client.force_login(bob)
    data = {"body": "Dubbel geklikt", "submission_key": str(uuid.uuid4())}
    first = client.post(comment_url(post), data)
    second = client.post(comment_url(post), data)
    assert Comment.objects.count() == 1
    assert first.url == second.url
    post.refresh_from_db()
    assert post.comment_count == 1


def test_thread_puts_replies_under_their_comment_in_order(make_post, make_comment, alice, bob):
    post = make_post()
    a = make_comment(post, "A")
    b = make_comment(post, "B")
    a1 = make_comment(post, "A1", author=alice, parent=a)
    a2 = make_comment(post, "A2", parent=a)
    a1x = make_comment(post, "A1x", parent=a1)
    entries = thread_for(post)
    assert [(e.comment, e.depth) for e in entries] == [(a, 0), (a1, 1), (a1x, 2), (a2, 1), (b, 0)]


def test_deep_chain_renders_flat_beyond_the_indent_limit_without_recursion(client, alice, make_post):
    post = make_post()
    parent = None
    authors = [alice]
    comments = []
    for n in range(1000):
        parent = Comment.objects.create(post=post, author=authors[0], parent=parent, body=f"niveau {n}")
        comments.append(parent)
    client.force_login(alice)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert response.streaming  # a thread this long is sent while it is filled (blognet.streamed)
    page = body(response).decode()
    assert page.rstrip().endswith("</html>")
    assert "niveau 999" in page
    assert page.count(f"indent-{MAX_INDENT}") == 1000 - MAX_INDENT
    assert "in reactie op Alice de Vries" in page


def test_post_page_queries_do_not_grow_with_comments(client, alice, make_post, make_comment, make_user):
    post = make_post()
    make_comment(post)
    client.force_login(alice)
    client.get(post.get_absolute_url())  # the first page of a visit also records the visit
    ContentGeneration.bump()  # made anew, as after any write
    with CaptureQueriesContext(connection) as few:
        client.get(post.get_absolute_url())
    with CaptureQueriesContext(connection) as few_cached:
        client.get(post.get_absolute_url())
    for n in range(30):
        make_comment(post, author=make_user(f"lezer{n}"), parent=Comment.objects.last())
    with CaptureQueriesContext(connection) as many:
        client.get(post.get_absolute_url())
    with CaptureQueriesContext(connection) as many_cached:
        client.get(post.get_absolute_url())
    assert len(many) == len(few)
    assert len(many_cached) == len(few_cached) < len(few)  # the thread from the cache


def test_reply_without_javascript_opens_a_box_under_the_comment(client, alice, make_post, make_comment):
    post = make_post()
    comment = make_comment(post)
    client.force_login(alice)
    page = client.get(f"{post.get_absolute_url()}?reply_to={comment.pk}").content.decode()
    box = page.split(f'id="reply-{comment.pk}"')[1]
    assert "Je antwoord aan Bob Jansen</label>" in box
    assert "required></textarea>" in box  # empty: no "@bob, " written in the writer's name
    assert f'name="parent" value="{comment.pk}"' in box


def test_edit_own_comment_shows_edited(client, bob, make_post, make_comment):
    comment = make_comment(make_post())
    client.force_login(bob)
    client.post(reverse("comments:comment_edit", args=[comment.pk]), {"body": "Verbeterd"})
    comment.refresh_from_db()
    assert comment.body_html == "<p>Verbeterd</p>"
    assert comment.edited_at is not None
    assert "bewerkt" in client.get(comment.post.get_absolute_url()).content.decode()


def test_only_the_author_edits_a_comment(client, alice, make_post, make_comment):
    comment = make_comment(make_post())
    client.force_login(alice)  # the post's owner, not the comment's author
    assert client.get(reverse("comments:comment_edit", args=[comment.pk])).status_code == 403


def test_removed_comment_keeps_its_replies(client, alice, bob, make_post, make_comment):
    post = make_post()
    comment = make_comment(post, "Weg hiermee")
    make_comment(post, "Ik blijf staan", author=alice, parent=comment)
    client.force_login(bob)
    client.post(reverse("comments:comment_remove", args=[comment.pk]))
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Weg hiermee" not in page
    assert "Deze reactie is verwijderd." in page
    assert "Ik blijf staan" in page
    post.refresh_from_db()
    assert post.comment_count == 1


def test_removal_rights(client, alice, bob, make_user, make_post, make_comment, admin_user, team_blog, make_editor):
    carol = make_user("carol")
    own_blog_post = make_post()  # alice's blog
    for user, expected in [(carol, 403), (alice, 200), (admin_user, 200)]:
        comment = make_comment(own_blog_post)
        client.force_login(user)
        assert client.get(reverse("comments:comment_remove", args=[comment.pk])).status_code == expected
    make_editor(carol, role="editor")
    team_post = Post.objects.create(blog=team_blog, author=alice, title="Team", body="x", status="published")
    comment = make_comment(team_post)
    client.force_login(carol)
    assert client.post(reverse("comments:comment_remove", args=[comment.pk])).status_code == 302
    comment.refresh_from_db()
    assert comment.is_removed


def test_comment_markup_is_sanitized_and_has_no_images_or_headings(make_post, make_comment):
    comment = make_comment(make_post(), "# Kop\n\n![x](/media/a.png) <script>alert(1)</script>")
    assert "<h" not in comment.body_html
    assert "<img" not in comment.body_html
    assert "&lt;script&gt;" in comment.body_html


def test_short_comment_link_leads_to_the_comment_for_readers_only(client, alice, bob, make_post, make_comment):
    post = make_post()
    comment = make_comment(post)
    client.force_login(alice)
    response = client.get(reverse("comments:comment_permalink", args=[comment.pk]))
    assert response.url == f"{post.get_absolute_url()}#comment-{comment.pk}"
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)
    client.force_login(bob)
    assert client.get(reverse("comments:comment_permalink", args=[comment.pk])).status_code == 404


def test_a_removed_comment_can_be_put_back_by_who_removed_it_or_a_moderator(client, alice, bob, make_user, make_post):
    from comments.services import add_comment, remove_comment

    carol = make_user("carol")
    post = make_post()  # alice's blog: she moderates it
    comment = add_comment(post=post, author=bob, body="Toch belangrijk")
    remove_comment(comment, by=bob)
    restore = reverse("comments:comment_restore", args=[comment.pk])
    client.force_login(carol)
    assert "Terugzetten" not in client.get(post.get_absolute_url()).content.decode()
    assert client.post(restore).status_code == 403
    client.force_login(alice)
    assert "Terugzetten" in client.get(post.get_absolute_url()).content.decode()
    response = client.post(restore, follow=True)
    assert "Toch belangrijk" in response.content.decode()
    assert "De reactie staat er weer." in response.content.decode()
    post.refresh_from_db()
    assert post.comment_count == 1
    assert client.get(restore).status_code == 405
