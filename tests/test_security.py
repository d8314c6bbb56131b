from django.urls import reverse


def test_every_page_sends_a_content_security_policy_without_inline_scripts(client, alice):
    client.force_login(alice)
    policy = client.get(reverse("blogs:front_page"))["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]
    assert "object-src 'none'" in policy


def test_repeated_wrong_passwords_lock_that_username_from_that_address(client, alice, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "alice", "password": "fout"})
    response = client.post(reverse("login"), {"username": "alice", "password": "wachtwoord-123"})
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_colleague_behind_the_same_address_can_still_log_in(client, alice, bob, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "alice", "password": "fout"})
    response = client.post(reverse("login"), {"username": "bob", "password": "wachtwoord-123"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(bob.pk)


def test_forms_are_csrf_protected(alice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post(reverse("blogs:post_write"), {"title": "x", "body": "y", "publish": "1"})
    assert response.status_code == 403


def test_odd_addresses_and_parameters_never_crash(client, alice, bob, make_post, make_comment):
    post = make_post()
    comment = make_comment(post)
    client.force_login(alice)
    urls = [
        "/?page=abc&blog=nope&tag=%00&department=<script>&person=%27%22",
        "/?page=99999",
        "/blogs/?page=-1",
        "/people/?department=%ff",
        "/people/suggest/?q=%25%5F",
        "/insights/?months=abc&department=x",
        "/feed/?token=",
        f"/comments/feed/{post.pk}/?token=%00",
        "/notifications/?page=zz",
        f"{post.get_absolute_url()}?reply_to=abc",
        f"{post.get_absolute_url()}?reply_to=999999",
        "/blogs/geen-blog/geen-bericht/",
        "/tags/geen-tag/feed/",
        "/comments/999999/",
        "/notifications/999999/",
        "/notifications/unsubscribe/%00/",
    ]
    for url in urls:
        assert client.get(url).status_code < 500, url
    posts = [
        (reverse("comments:comment_create", args=[post.pk]), {"body": "x", "parent": "abc", "submission_key": "nope"}),
        (reverse("comments:comment_edit", args=[comment.pk]), {"body": ""}),
        (reverse("blogs:post_write"), {"blog": "abc", "title": "x" * 500, "body": "", "published_at": "gisteren"}),
        (reverse("blogs:markdown_preview"), {"body": "[x](" * 2000}),
        (reverse("people:profile_edit"), {"display_name": "x" * 500}),
        (reverse("notifications:email_preferences"), {"digest": "elk-uur"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code < 500, url


def test_a_nul_character_in_a_link_is_a_bad_request(client, alice):
    client.force_login(alice)
    assert client.get("/?tag=%00").status_code == 400
    assert client.get("/feed/", {"token": "abc\x00"}).status_code == 400


def test_names_in_a_thread_are_escaped_everywhere_they_appear(client, alice, make_user, make_post):
    from comments.services import add_comment, remove_comment

    hostile = make_user("mallory", display_name='<img src=x onerror="alert(1)">"')
    post = make_post()
    first = add_comment(post=post, author=hostile, body="Hoi")
    for n in range(7):  # deep enough for "in reactie op <name>"
        first = add_comment(post=post, author=hostile if n % 2 else alice, body=f"Antwoord {n}", parent=first)
    remove_comment(add_comment(post=post, author=alice, body="weg"), by=alice)
    client.force_login(alice)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<img src=x" not in page
    assert 'onerror="alert(1)"' not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&quot;" in page
    assert "in reactie op &lt;img" in page
