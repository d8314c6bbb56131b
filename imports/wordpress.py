"""WordPress's export (WXR, "WordPress eXtended RSS", versions 1.0 to 1.2) read into the neutral
shape of imports.items; also Blognet's own export, which is WXR with a few meta fields of its own.

WordPress keeps titles and names with HTML entities (a tag "Lezen &amp; leren"), and keeps text
written in its classic editor without paragraphs, which it adds on display (wpautop). Both are
undone here, so that the neutral shape holds plain titles and HTML as readers saw it.
"""

import html
import re
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .errors import ImportRefused
from .items import Skipped, SourceBlog, SourceComment, SourcePost

VERSIONS = ("1.0", "1.1", "1.2")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
# WXR gives local times beside UTC ones and not the site's time zone; where UTC is missing
# (drafts), a Dutch library's site ran on Amsterdam time.
SITE_ZONE = ZoneInfo("Europe/Amsterdam")
NO_DATE = "0000-00-00 00:00:00"
PUBLISHED = {"publish", "future"}  # "future" is scheduled: published at its own, later, moment
DRAFTS = {"draft", "pending", "private"}
TAG_DOMAINS = {"category", "post_tag"}
DEFAULT_CATEGORIES = {"uncategorized", "geen-categorie"}  # WordPress's default, in English and Dutch
COMMENT_STATES = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}
PINGBACKS = {"pingback", "trackback"}
_SERIALIZED_STRING = re.compile(r's:(\d+):"(.*)";', re.DOTALL)
BLOGNET_MARKDOWN = "_blognet_markdown"
BLOGNET_REMOVED = "_blognet_removed"
BLOGNET_BLOG = "_blognet_blog"


def read(document, *, namespace, media):
    """The blog in a WXR export: an imports.safexml.XmlStream whose root is <rss>, `namespace`
    the WordPress export namespace it declares, `media` the loaders of the images that came with it
    by their path under the uploads folder (Blognet's own zip; else empty)."""
    wp = f"{{{namespace}}}"
    blog = SourceBlog(kind="wordpress", title="")
    version, authors, written_by, attachments, others = None, {}, [], [], Counter()
    for element in document:
        parent = element.getparent()
        if parent is None or parent.getparent() is not document.root:
            continue  # only what stands directly in <channel>
        if element.tag == "title":
            blog.title = _text(element)
        elif element.tag == wp + "base_site_url" or (element.tag == "link" and not blog.site):
            blog.site = (element.text or "").strip()  # the site's address; the channel's link if it has none
        elif element.tag == wp + "wxr_version":
            version = _checked_version((element.text or "").strip())
        elif element.tag == wp + "author":
            login = _text(element.find(wp + "author_login"))
            authors[login] = (
                _text(element.find(wp + "author_display_name")) or login,
                _raw(element, wp + "author_email"),
            )
        elif element.tag == "item":
            if version is None:
                raise _no_version()
            kind = _raw(element, wp + "post_type") or "post"
            if kind in ("post", "page"):
                post = _post(element, wp, is_page=kind == "page")
                if isinstance(post, Skipped):
                    blog.skipped.append(post)
                else:
                    blog.posts.append(post)
                    blog.skipped += _in_order(post.comments)
                    written_by.append((post, _text(element.find(CREATOR))))
            else:
                others[kind] += 1
                if kind == "attachment":
                    path = _meta(element, wp, "postmeta").get("_wp_attached_file")
                    attachments.append((_raw(element, wp + "attachment_url"), path))
        document.release(element)
    if version is None:
        raise _no_version()
    for post, login in written_by:  # wp:author comes first in WordPress's files; this does not rely on it
        post.author_name, post.author_email = authors.get(login, (login, ""))
    blog.files = {url: media[path] for url, path in attachments if url and path in media}
    blog.skipped += [_other_items(kind, count) for kind, count in others.items()]
    return blog


def _no_version():
    return ImportRefused(
        _("Deze WordPress-export vermeldt geen versie; Blognet kent de versies 1.0, 1.1 en 1.2."),
        code="wxr_version",
    )


def _checked_version(version):
    if version not in VERSIONS:
        raise ImportRefused(
            _("Deze WordPress-export heeft versie %(version)s; Blognet kent de versies 1.0, 1.1 en 1.2.")
            % {"version": version},
            code="wxr_version",
        )
    return version


def _raw(element, tag):
    return (element.findtext(tag) or "").strip()


def _text(element):
    """Text WordPress stores with HTML entities (titles, names), as plain text."""
    return html.unescape((element.text or "").strip()) if element is not None else ""


def _meta(element, wp, kind):
    """The postmeta or commentmeta of an item or comment, by key."""
    metas = element.iterfind(wp + kind)
    return {_raw(meta, wp + "meta_key"): _unserialized(meta.findtext(wp + "meta_value") or "") for meta in metas}


def _unserialized(value):
    """A meta value as WordPress reads it: one in PHP's serialized form of a string (s:5:"tekst";)
    is that string. WordPress stores text that looks serialized so, and Blognet's export does too."""
    string = _SERIALIZED_STRING.fullmatch(value)
    return string[2] if string and len(string[2].encode()) == int(string[1]) else value


def _moment(utc, local):
    """WordPress's UTC moment, or, where it wrote none (drafts), its local one on Amsterdam time."""
    for value, zone in ((utc, UTC), (local, SITE_ZONE)):
        if value and value != NO_DATE:
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone).astimezone(UTC)
            except ValueError:
                continue
    return None


def _post(item, wp, *, is_page):
    title = _text(item.find("title"))
    status = _raw(item, wp + "status")
    if status not in PUBLISHED | DRAFTS:
        return Skipped(title or _("(zonder titel)"), _left_out_reason(status))
    post_id = _raw(item, wp + "post_id")
    meta = _meta(item, wp, "postmeta")
    return SourcePost(
        source_id=post_id,
        title=title,
        html=_autop(item.findtext(CONTENT) or ""),
        published_at=_moment(_raw(item, wp + "post_date_gmt"), _raw(item, wp + "post_date")),
        # A password-protected post was not for everyone; a colleague publishes it again if it may be.
        is_draft=status in DRAFTS or bool(_raw(item, wp + "post_password")),
        is_page=is_page,
        tags=_tags(item, blognet_blog=meta.get(BLOGNET_BLOG)),
        link=_raw(item, "link"),
        comments=[_comment(comment, wp, post_id) for comment in item.iterfind(wp + "comment")],
        markdown=meta.get(BLOGNET_MARKDOWN),
    )


def _in_order(comments):
    """Sort a post's comments oldest first; those without a date cannot be placed: as Skipped."""
    undated = [comment for comment in comments if comment.created_at is None]
    comments[:] = sorted((comment for comment in comments if comment.created_at), key=lambda c: c.created_at)
    what = _("Reactie van %(name)s")
    return [Skipped(what % {"name": c.author_name or _("onbekend")}, _("de reactie heeft geen datum")) for c in undated]


def _left_out_reason(status):
    if status == "trash":
        return _("stond in de prullenbak")
    if status == "auto-draft":
        return _("automatisch bewaard concept, nooit opgeslagen")
    return _("heeft de status %(status)s") % {"status": status or "?"}


def _tags(item, *, blognet_blog):
    """Categories and tags, without WordPress's default category, and without the category
    Blognet's export of several blogs adds for each post's blog (for WordPress; it is no tag)."""
    left_out = {*DEFAULT_CATEGORIES, blognet_blog} - {None}
    tags = []
    for category in item.iterfind("category"):
        name = _text(category)
        if category.get("domain") in TAG_DOMAINS and category.get("nicename") not in left_out and name not in tags:
            tags.append(name)
    return [tag for tag in tags if tag]


def _comment(element, wp, post_id):
    # WordPress numbers comments per site; the post's id in front keeps them apart across posts anyway.
    comment_id, parent = _raw(element, wp + "comment_id"), _raw(element, wp + "comment_parent")
    meta = _meta(element, wp, "commentmeta")
    if meta.get(BLOGNET_REMOVED) == "1":
        state = "removed"
    elif _raw(element, wp + "comment_type") in PINGBACKS:
        state = "pingback"
    else:
        state = COMMENT_STATES.get(_raw(element, wp + "comment_approved"), "pending")
    return SourceComment(
        source_id=f"{post_id}/c{comment_id}",
        parent_id=f"{post_id}/c{parent}" if parent not in ("", "0") else None,
        author_name=_text(element.find(wp + "comment_author")),
        author_email=_raw(element, wp + "comment_author_email"),
        author_url=_raw(element, wp + "comment_author_url"),
        html=_autop(element.findtext(wp + "comment_content") or ""),
        created_at=_moment(_raw(element, wp + "comment_date_gmt"), _raw(element, wp + "comment_date")),
        state=state,
        markdown=meta.get(BLOGNET_MARKDOWN),
    )


def _other_items(kind, count):
    if kind == "attachment":
        what = ngettext("%(count)d bijlage", "%(count)d bijlagen", count) % {"count": count}
        return Skipped(what, _("geen bericht; afbeeldingen in berichten worden apart opgehaald"))
    if kind == "nav_menu_item":
        what = ngettext("%(count)d menu-onderdeel", "%(count)d menu-onderdelen", count) % {"count": count}
        return Skipped(what, _("geen bericht"))
    what = ngettext(
        "%(count)d onderdeel van het soort %(kind)s", "%(count)d onderdelen van het soort %(kind)s", count
    ) % {"count": count, "kind": kind}
    return Skipped(what, _("geen bericht"))


# wpautop(), as WordPress shows classic-editor text: blank lines part paragraphs, a single newline
# is a line break, and neither happens around or inside block elements or in <pre>.
_BLOCK = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    r"blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|"
    r"footer|nav|figure|figcaption|details|menu|summary)"
)
_CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.DOTALL)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.DOTALL | re.IGNORECASE)


def _autop(text):
    """The HTML WordPress shows for the body of a post or comment as it stored it."""
    # The block editor (WordPress 5) stores finished HTML, marked by its comments.
    if "<!-- wp:" in text or not text.strip():
        return text
    kept = []

    def keep(match):
        kept.append(match.group(0))
        return f"<pre wp-pre-tag-{len(kept) - 1}></pre>"

    text = _PRE.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CAPTION.sub(r"\1", text)  # the shortcode round an image and its caption, which Blognet does not know
    text = re.sub(r"<br\s*/?>", "<br />", text, flags=re.IGNORECASE)
    text = re.sub(r"<br />\s*<br />", "\n\n", text)
    text = re.sub(rf"(<{_BLOCK}[\s/>])", r"\n\n\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</{_BLOCK}>)", r"\1\n\n", text, flags=re.IGNORECASE)
    text = "".join(f"<p>{piece.strip()}</p>\n" for piece in re.split(r"\n\s*\n", text) if piece.strip())
    text = re.sub(rf"<p>\s*(</?{_BLOCK}[^>]*>)", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</?{_BLOCK}[^>]*>)\s*</p>", r"\1", text, flags=re.IGNORECASE)
    # A newline outside a tag becomes <br />, unless one is there already.
    text = re.sub(r"<br />[ \t]*\n|<[^>]*>|[ \t]*\n", lambda m: m[0] if m[0].startswith("<") else "<br />\n", text)
    text = re.sub(rf"(</?{_BLOCK}[^>]*>)\s*<br />", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text, flags=re.IGNORECASE)
    for number, pre in enumerate(kept):
        text = text.replace(f"<pre wp-pre-tag-{number}></pre>", pre)
    return text.strip()
