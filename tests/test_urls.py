"""The permalinks of DESIGN.md stay stable."""

import pytest
from django.urls import reverse

PERMALINKS = [
    ("blogs:front_page", [], "/"),
    ("blogs:blog_list", [], "/blogs/"),
    ("blogs:blog_detail", ["personeelsblog"], "/blogs/personeelsblog/"),
    ("blogs:post_detail", ["personeelsblog", "welkom"], "/blogs/personeelsblog/welkom/"),
    ("blogs:post_create", ["personeelsblog"], "/blogs/personeelsblog/new/"),
    ("blogs:post_edit", ["personeelsblog", "welkom"], "/blogs/personeelsblog/welkom/edit/"),
    ("blogs:post_delete", ["personeelsblog", "welkom"], "/blogs/personeelsblog/welkom/delete/"),
    ("blogs:post_write", [], "/write/"),
    ("people:directory", [], "/people/"),
    ("people:profile", ["wilma"], "/people/wilma/"),
    ("login", [], "/accounts/login/"),
    ("logout", [], "/accounts/logout/"),
    ("password_change", [], "/accounts/password_change/"),
    ("healthz", [], "/healthz"),
    ("blogs:feed", [], "/feed/"),
    ("blogs:blog_feed", ["personeelsblog"], "/blogs/personeelsblog/feed/"),
    ("blogs:tag_feed", ["jeugd"], "/tags/jeugd/feed/"),
    ("notifications:notification_list", [], "/notifications/"),
    ("admin:index", [], "/admin/"),
    ("decisions:proposal_list", [], "/proposals/"),
    ("decisions:agreement_register", [], "/agreements/"),
    ("decisions:agreement_feed", [], "/agreements/feed/"),
]


@pytest.mark.parametrize(("name", "args", "path"), PERMALINKS)
def test_permalink(name, args, path):
    assert reverse(name, args=args) == path
