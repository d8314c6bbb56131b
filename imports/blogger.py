"""Blogger's export read into the neutral shape of imports.items.

Two formats: the classic "Back up content" file, whose Atom entries (settings, template, posts,
pages, comments) are told apart by a "kind" category, and Takeout's feed.atom, which says
blogger:type and blogger:status instead. Entries come in any order (comments before their post,
replies newest first), so comments are put with their posts once the whole file is read.
"""

import re
from collections import Counter
from datetime import UTC, datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .errors import ImportRefused
from .items import Skipped, SourceBlog, SourceComment, SourcePost

ATOM = "{http://www.w3.org/2005/Atom}"
TAKEOUT = "{http://schemas.google.com/blogger/2018}"
THREAD = "{http://purl.org/syndication/thread/1.0}"
# The draft flag of the Atom Publishing Protocol: Blogger writes the namespace of the draft
# standard it was built on; the RFC's is accepted as well.
APP_NAMESPACES = ("{http://purl.org/atom/app#}", "{http://www.w3.org/2007/app}")
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
NO_EMAIL = "noreply@blogger.com"  # what Blogger writes as everybody's address
# A reply points at its parent's comment feed: .../feeds/BLOGID/POSTID/comments/default/PARENTID.
PARENT_FEED = re.compile(r"/feeds/(\d+)/\d+/comments/default/(\d+)")
BLOG_ID = re.compile(r"blog-(\d+)")  # in the feed's id: tag:blogger.com,1999:blog-4711....archive
TAKEOUT_COMMENT_STATES = {"LIVE": "approved", "SPAM": "spam", "DELETED": "trash", "SOFT_TRASHED": "trash"}
TAKEOUT_DELETED = {"DELETED", "SOFT_TRASHED"}


def read(document):
    """The blog in a Blogger export: an imports.safexml.XmlStream whose root is an Atom feed."""
    blog = SourceBlog(kind="blogger", title="")
    posts, comments, others = {}, [], Counter()
    for entry in document:
        if entry.getparent() is not document.root:
            continue
        if entry.tag == ATOM + "id":
            blog_id = BLOG_ID.search(_text(entry))
            blog.site = blog_id[1] if blog_id else ""
        elif entry.tag == ATOM + "title":
            blog.title = _text(entry)
        elif entry.tag == ATOM + "entry":
            kind = _kind(entry)
            if kind in ("post", "page"):
                post = _post(entry, is_page=kind == "page")
                if isinstance(post, Skipped):
                    blog.skipped.append(post)
                else:
                    posts[post.source_id] = post
            elif kind == "comment":
                comments.append(_comment(entry))
            else:
                others[kind] += 1
        document.release(entry)
    blog.posts = list(posts.values())
    blog.skipped += _put_with_posts(comments, posts)
    blog.skipped += [_other_entries(kind, count) for kind, count in others.items()]
    return blog


def _text(element):
    return (element.text or "").strip() if element is not None else ""


def _moment(value):
    try:
        moment = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(UTC)


def _kind(entry):
    takeout_type = _text(entry.find(TAKEOUT + "type"))
    if takeout_type:
        return takeout_type.lower()
    for category in entry.iterfind(ATOM + "category"):
        term = category.get("term", "")
        if category.get("scheme") == KIND_SCHEME and term.startswith(KIND_PREFIX):
            return term.removeprefix(KIND_PREFIX)
    # Entries without a kind are what a blog's public feed holds: posts only, without drafts or comments.
    raise ImportRefused(
        _(
            "Dit is een Atom-feed, geen back-up van Blogger. Maak in Blogger bij Instellingen een back-up "
            "van de content en upload dat bestand."
        ),
        code="feed",
    )


def _author(entry):
    """Name, e-mail address and web address of an entry's author."""
    author = entry.find(ATOM + "author")
    if author is None:
        return "", "", ""
    email = _text(author.find(ATOM + "email"))
    return _text(author.find(ATOM + "name")), "" if email == NO_EMAIL else email, _text(author.find(ATOM + "uri"))


def _post(entry, *, is_page):
    title = _text(entry.find(ATOM + "title"))
    status = _text(entry.find(TAKEOUT + "status"))
    if status in TAKEOUT_DELETED:
        return Skipped(title or _("(zonder titel)"), _("verwijderd op Blogger"))
    classic_draft = any(_text(entry.find(f"{app}control/{app}draft")) == "yes" for app in APP_NAMESPACES)
    author_name, author_email, _url = _author(entry)
    link = next((link.get("href", "") for link in entry.iterfind(ATOM + "link") if link.get("rel") == "alternate"), "")
    return SourcePost(
        source_id=_text(entry.find(ATOM + "id")),
        title=title,
        html=_text(entry.find(ATOM + "content")),
        published_at=_moment(entry.findtext(ATOM + "published") or entry.findtext(TAKEOUT + "created")),
        is_draft=classic_draft or status == "DRAFT",
        is_page=is_page,
        tags=[
            category.get("term")
            for category in entry.iterfind(ATOM + "category")
            if category.get("scheme") != KIND_SCHEME and category.get("term")
        ],
        author_name=author_name,
        author_email=author_email,
        link=link,
    )


def _parent_id(entry, own_id):
    """The entry id of the comment this one answers, as given; None for a comment on the post."""
    for link in entry.iterfind(ATOM + "link"):
        if link.get("rel") == "related" and (feed := PARENT_FEED.search(link.get("href", ""))):
            return f"tag:blogger.com,1999:blog-{feed[1]}.post-{feed[2]}"
    parent = _text(entry.find(TAKEOUT + "inReplyTo"))
    if parent.isdigit():  # a bare comment number: an entry id like this comment's own
        return re.sub(r"\d+$", parent, own_id)
    return parent or None


def _comment(entry):
    """The id of the post a comment is on, and the comment."""
    own_id = _text(entry.find(ATOM + "id"))
    in_reply_to = entry.find(THREAD + "in-reply-to")
    post_id = in_reply_to.get("ref", "") if in_reply_to is not None else _text(entry.find(TAKEOUT + "parent"))
    author_name, author_email, author_url = _author(entry)
    status = _text(entry.find(TAKEOUT + "status")) or "LIVE"
    return post_id, SourceComment(
        source_id=own_id,
        parent_id=_parent_id(entry, own_id),
        author_name=author_name,
        author_email=author_email,
        author_url=author_url,
        html=_text(entry.find(ATOM + "content")),
        created_at=_moment(entry.findtext(ATOM + "published")),
        state=TAKEOUT_COMMENT_STATES.get(status, "pending"),
    )


def _put_with_posts(comments, posts):
    """Give each post its comments, oldest first; the comments that have no place, as Skipped."""
    skipped = []
    for post_id, comment in comments:
        post = posts.get(post_id)
        if post is None or comment.created_at is None:
            what = _("Reactie van %(name)s") % {"name": comment.author_name or _("onbekend")}
            if post is None:
                reason = _("het bericht waarbij deze reactie hoort, staat niet (meer) in dit bestand")
            else:
                reason = _("de reactie heeft geen datum")
            skipped.append(Skipped(what, reason))
        else:
            post.comments.append(comment)
    for post in posts.values():
        post.comments.sort(key=lambda comment: comment.created_at)
    return skipped


def _other_entries(kind, count):
    if kind == "settings":
        return Skipped(_("Instellingen van de blog"), _("geen bericht"))
    if kind == "template":
        return Skipped(_("Sjabloon (vormgeving) van de blog"), _("geen bericht"))
    what = ngettext(
        "%(count)d onderdeel van het soort %(kind)s", "%(count)d onderdelen van het soort %(kind)s", count
    ) % {"count": count, "kind": kind}
    return Skipped(what, _("geen bericht"))
