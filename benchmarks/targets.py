"""The pages both benchmarks open, found in data made by `manage.py generate_data` (Django set up).

Each page comes with what proves it is the real page and not a login form or an error: a title
that only that page has, and a size range. The reader is medewerker00001, an ordinary generated
colleague (no site admin, no manager).
"""

import html
import re
from dataclasses import dataclass

from django.db.models import Count

READER = "medewerker00001"
PASSWORD = "blognet-generated"
KB = 1024


@dataclass(frozen=True)
class Page:
    key: str  # short name, also the file name of its static copy in benchmarks/http_load.py
    name: str
    url: str
    title: str  # the page's <title> before " · Blognet" (a feed's own <title>)
    min_bytes: int
    max_bytes: int = 50 * 1024 * KB

    def check(self, status, body):
        """Why `body` (bytes) is not this page, or None when it is."""
        if status != 200:
            return f"{self.url}: status {status}"
        if not self.min_bytes <= len(body) <= self.max_bytes:
            return f"{self.url}: {len(body)} bytes, expected {self.min_bytes} to {self.max_bytes}"
        found = re.search(rb"<title[^>]*>(.*?)</title>", body, re.DOTALL)
        title = html.unescape(found.group(1).decode("utf-8", "replace")).strip() if found else None
        if title not in (self.title, f"{self.title} · Blognet"):
            return f"{self.url}: the title is {title!r}, not {self.title!r}"
        return None


def find_pages():
    """Every benchmarked page in table order, and the reader who opens them."""
    from blogs.models import Blog, Post, Tag
    from people.models import User

    published = Post.objects.published().select_related("blog")
    ordinary = published.filter(comment_count=5).order_by("-published_at", "-pk").first()
    busy = published.order_by("-comment_count", "-pk").first()
    if ordinary is None or busy is None:
        raise SystemExit("No post with exactly 5 comments: fill the database with generate_data and --comments.")
    personeelsblog = Blog.objects.personeelsblog()
    tag = Tag.objects.annotate(n=Count("posts")).order_by("-n", "name").first()
    colleague = User.objects.filter(username__startswith="medewerker").exclude(username=READER).order_by("username")[0]
    reader = User.objects.get(username=READER)
    return [
        Page("front", "front page", "/", "Voorpagina", 10 * KB),
        Page("front-100", "front page, page 100", "/?page=100", "Voorpagina", 10 * KB),
        Page("blog", "blog page (Personeelsblog)", personeelsblog.get_absolute_url(), personeelsblog.title, 5 * KB),
        Page("post", "post page, 5 comments", ordinary.get_absolute_url(), ordinary.title, 5 * KB),
        Page("hot", f"post page, {busy.comment_count:,} comments", busy.get_absolute_url(), busy.title, 200 * KB),
        Page("notifications", "notifications", "/notifications/", "Meldingen", 5 * KB),
        Page("blogs", "blog list", "/blogs/", "Blogs", 5 * KB),
        Page("directory", "directory", "/people/", "Collega's", 5 * KB),
        Page("profile", "profile of a colleague", colleague.get_absolute_url(), colleague.name, 3 * KB),
        Page("feed", "Atom feed /feed/", "/feed/", "Blognet: alle berichten", 20 * KB),
        Page("tag", "tag page (the most used tag)", tag.get_absolute_url(), f"#{tag.name}", 5 * KB),
    ], reader
