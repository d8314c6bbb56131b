"""Blognet's own export: blogs as one zip that WordPress imports and Blognet reads back.

The zip holds
    blognet-<slug>.xml    the WXR 1.2 file (WordPress eXtended RSS) of one blog; an export of
    (or blognet.xml)      several blogs is one file blognet.xml, as WordPress imports one file
                          into one site
    media/<image.name>    every uploaded image the exported posts refer to, under its name in
                          MEDIA_ROOT: media/posts/2026/11/foto.jpg

The XML is written as WordPress's own export writes it (wp-admin/includes/export.php), since its
importer has a line-by-line fallback parser that decodes no entities: every free text in CDATA
("]]>" inside split over two sections), ids, dates and fixed words as plain text, one element per
line and each wp:author on one line. Titles and excerpts are plain text in Blognet but HTML in
WordPress, so they are HTML-escaped ("Tom &amp; Jerry"): a title never becomes markup there.
Site-relative links and image addresses are made absolute (BLOGNET_SITE_URL + path).

Everything Blognet needs beyond WordPress's fields rides in meta, which WordPress keeps and shows
nowhere:
    _blognet_markdown   post and comment: the Markdown source (empty for a removed comment)
    _blognet_blog       post: its blog's slug; with several blogs the blog is a category too
                        (domain "category", nicename the slug), which WordPress shows
    _blognet_removed    comment: "1" when removed; it keeps its place in the thread, its text stays
WordPress's importer unserializes every meta value that looks like PHP's serialize() output; such
a value (never an ordinary text) is written as WordPress stores one: as the serialized PHP string
s:<bytes>:"<text>"; that unserializes to the text itself.

Comments come in id order with replies after what they answer, as WordPress's importer (which
inserts them in id order) needs; comment_parent is the parent's id. An image is an item of
post_type attachment: wp:attachment_url (absolute) is the address the posts use, wp:post_parent the
first post using it, _wp_attached_file its name in media/. WordPress fetches the address and points
the posts to its copy; Blognet's reader takes the file from the zip. WordPress keeps posts and
attachments in one id space, so an attachment's wp:post_id is the highest exported post id plus the
image's id.

Memory stays flat at any size: the posts are read CHUNK_SIZE at a time, each chunk with the same
few queries (its tags, its comments with their writers, the images it refers to); the XML goes into
the zip as it is written and image files are copied in blocks.
"""

import html
import io
import re
import shutil
import zipfile
from dataclasses import dataclass
from datetime import UTC
from email.utils import format_datetime
from itertools import islice
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from blognet.markup import with_absolute_links
from blognet.text import xml_safe
from blogs.images import media_address_pattern, referenced_names
from blogs.models import Post, PostImage
from comments.models import Comment

CHUNK_SIZE = 500
NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
# What PHP's is_serialized() takes for serialized data (WordPress unserializes such meta values).
_LOOKS_SERIALIZED = re.compile(r"N;|[saOE]:\d+:.*[;}]|[bid]:[0-9.E+-]+;", re.DOTALL)


@dataclass
class Exported:
    """What write_export() put in the zip."""

    wxr_name: str
    posts: int = 0
    comments: int = 0
    images: int = 0


def wxr_name(blogs):
    """The name of the WXR file in the zip: blognet-<slug>.xml for one blog, else blognet.xml."""
    first = list(blogs[:2])
    return f"blognet-{first[0].slug}.xml" if len(first) == 1 else "blognet.xml"


def write_export(out, *, blogs, chunk_size=CHUNK_SIZE, progress=None):
    """Write the zip of `blogs` (a queryset or list of Blog) to the binary file `out`.

    Every post of those blogs is in it (drafts and scheduled ones too), with all its comments
    (removed ones without their text) and the uploaded images it refers to. `out` need not be
    seekable (an HttpResponse will do). `progress`, when given, is called with the number of posts
    written after each chunk. Returns an Exported.
    """
    first = list(blogs[:2])
    posts = Post.objects.filter(blog__in=blogs)
    # Posts written from here on are left out, so the ids above the last one stay free for images.
    last_post = posts.aggregate(last=Max("pk"))["last"] or 0
    posts = posts.filter(pk__lte=last_post)
    wxr = _Wxr(single_blog=first[0] if len(first) == 1 else None, last_post=last_post)
    images = _Images()
    exported = Exported(wxr_name(first))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        # A whole site may pass 2 GiB, and a member written as a stream has its size only at the end.
        with io.TextIOWrapper(archive.open(exported.wxr_name, "w", force_zip64=True), "utf-8", newline="\n") as xml:
            xml.writelines(wxr.head())
            xml.writelines(wxr.author(user) for user in _authors_of(posts).iterator(chunk_size=chunk_size))
            for chunk in _chunks(posts.select_related("blog", "author").prefetch_related("tags"), chunk_size):
                comments = _comments_of(chunk)
                first_used = images.first_used_in(chunk)
                for post in chunk:
                    xml.writelines(wxr.post(post, comments.get(post.pk, [])))
                    for image in first_used.get(post.pk, []):
                        xml.writelines(wxr.attachment(image, parent=post))
                exported.posts += len(chunk)
                exported.comments += sum(map(len, comments.values()))
                if progress:
                    progress(len(chunk))
            xml.writelines(wxr.tail())
        images.copy_into(archive)
    exported.images = len(images.names)
    return exported


def _authors_of(posts):
    authors = get_user_model().objects.filter(pk__in=posts.values("author_id")).order_by("pk")
    return authors.only("username", "email", "display_name", "first_name", "last_name")


def _chunks(queryset, size):
    """`queryset` read from one cursor, `size` rows (and one prefetch) at a time, as lists."""
    rows = queryset.order_by("pk").iterator(chunk_size=size)
    while chunk := list(islice(rows, size)):
        yield chunk


def _comments_of(posts):
    """{post id: its comments in id order}, for a chunk of posts, in one query."""
    by_post = {}
    comments = Comment.objects.filter(post__in=[post.pk for post in posts]).select_related("author")
    for comment in comments.order_by("post_id", "pk"):
        by_post.setdefault(comment.post_id, []).append(comment)
    return by_post


class _Images:
    """The uploaded images the posts refer to: each exported once, after the first post using it."""

    def __init__(self):
        self.storage = PostImage._meta.get_field("image").storage
        self.names = {}  # the images exported so far, in order (a dict as an ordered set)

    def first_used_in(self, posts):
        """{post id: the images it is the first to use}, for a chunk of posts, in one query."""
        referenced = {post.pk: referenced_names(post.body) for post in posts}
        wanted = set().union(*referenced.values()).difference(self.names)
        if not wanted:
            return {}
        stored = {image.image.name: image for image in PostImage.objects.filter(image__in=wanted)}
        first_used = {}
        for post_id, names in referenced.items():
            for name in names:
                image = stored.pop(name, None)
                # An image whose file is lost stays a link in the text; there is nothing to carry.
                if image is not None and self.storage.exists(name):
                    first_used.setdefault(post_id, []).append(image)
                    self.names[name] = None
        return first_used

    def copy_into(self, archive):
        for name in self.names:
            with self.storage.open(name, "rb") as source, archive.open(f"media/{name}", "w") as target:
                shutil.copyfileobj(source, target, 1024 * 1024)


def _absolute(url):
    return settings.BLOGNET_SITE_URL + url if url.startswith("/") and not url.startswith("//") else url


def _cdata(value):
    return "<![CDATA[" + xml_safe(str(value)).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _plain(value):
    return escape(xml_safe(str(value)))


def _text(tag, value):
    return f"<{tag}>{_cdata(value)}</{tag}>"


def _bare(tag, value):
    return f"<{tag}>{_plain(value)}</{tag}>"


def _category(domain, slug, name):
    # Attributes in this order and in double quotes: WordPress's fallback parser matches them so.
    nicename = escape(xml_safe(slug), {'"': "&quot;"})
    return f'<category domain="{domain}" nicename="{nicename}">{_cdata(name)}</category>'


def _meta(kind, key, value):
    value = xml_safe(value)
    if _LOOKS_SERIALIZED.fullmatch(value.strip()):
        value = f's:{len(value.encode())}:"{value}";'
    return f"<wp:{kind}>{_text('wp:meta_key', key)}{_text('wp:meta_value', value)}</wp:{kind}>"


def _local(moment):
    return timezone.localtime(moment, timezone.get_default_timezone()).strftime("%Y-%m-%d %H:%M:%S")


def _gmt(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _rfc2822(moment):
    return format_datetime(moment.astimezone(UTC))


class _Wxr:
    """The lines of the WXR file, element by element (each ends in a newline)."""

    def __init__(self, *, single_blog, last_post):
        self.blog = single_blog
        self.last_post = last_post
        self.site = settings.BLOGNET_SITE_URL

    def head(self):
        link = _absolute(self.blog.get_absolute_url()) if self.blog else self.site + "/"
        namespaces = "".join(f'\n\txmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        yield "<!-- Blognet export in WordPress eXtended RSS (WXR) 1.2 -->\n"
        yield f'<rss version="2.0"{namespaces}\n>\n'
        yield "<channel>\n"
        yield from self._lines(
            1,
            _text("title", self.blog.title if self.blog else "Blognet"),
            _bare("link", link),
            _text("description", self.blog.tagline if self.blog else ""),
            _bare("pubDate", _rfc2822(timezone.now())),
            _bare("language", "nl-NL"),
            _bare("wp:wxr_version", "1.2"),
            _bare("wp:base_site_url", self.site),
            _bare("wp:base_blog_url", link.rstrip("/")),
            _bare("generator", "Blognet"),
        )

    def author(self, user):
        # On one line: WordPress's fallback parser reads a wp:author only so.
        fields = [
            _bare("wp:author_id", user.pk),
            _text("wp:author_login", user.username),
            _text("wp:author_email", user.email),
            _text("wp:author_display_name", " ".join(user.name.split())),
            _text("wp:author_first_name", user.first_name),
            _text("wp:author_last_name", user.last_name),
        ]
        return f"\t<wp:author>{''.join(fields)}</wp:author>\n"

    def post(self, post, comments):
        moment = post.published_at or post.created_at
        if post.status == Post.Status.DRAFT:
            status = "draft"
        else:
            status = "future" if post.is_scheduled() else "publish"
        categories = [_category("post_tag", tag.slug, tag.name) for tag in post.tags.all()]
        if self.blog is None:
            categories.insert(0, _category("category", post.blog.slug, post.blog.title))
        markdown = media_address_pattern().sub(lambda match: _absolute(match.group(0)), post.body)
        yield "\t<item>\n"
        yield from self._lines(
            2,
            _text("title", html.escape(post.title, quote=False)),
            _bare("link", _absolute(post.get_absolute_url())),
            _bare("pubDate", _rfc2822(moment)),
            _text("dc:creator", post.author.username),
            f'<guid isPermaLink="false">urn:blognet:post:{post.pk}</guid>',
            _text("description", ""),
            _text("content:encoded", with_absolute_links(post.body_html, self.site)),
            _text("excerpt:encoded", html.escape(post.excerpt, quote=False)),
            *self._item_fields(post.pk, moment, post.slug, status, parent=0, post_type="post", comments="open"),
            *categories,
            _meta("postmeta", "_blognet_markdown", markdown),
            _meta("postmeta", "_blognet_blog", post.blog.slug),
        )
        for comment in comments:
            yield from self._comment(comment)
        yield "\t</item>\n"

    def attachment(self, image, *, parent):
        """An uploaded image as WordPress's attachment item, belonging to the post `parent`."""
        url = _absolute(image.image.url)
        name = slugify(image.image.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]) or f"afbeelding-{image.pk}"
        yield "\t<item>\n"
        yield from self._lines(
            2,
            _text("title", html.escape(image.alt_text, quote=False)),
            _bare("link", url),
            _bare("pubDate", _rfc2822(image.created_at)),
            # The post's author, who is among the wp:author above; normally the one who uploaded it.
            _text("dc:creator", parent.author.username),
            f'<guid isPermaLink="false">{_plain(url)}</guid>',
            _text("description", ""),
            _text("content:encoded", ""),
            _text("excerpt:encoded", ""),
            *self._item_fields(
                self.last_post + image.pk, image.created_at, name, "inherit", parent=parent.pk, post_type="attachment"
            ),
            _text("wp:attachment_url", url),
            _meta("postmeta", "_wp_attached_file", image.image.name),
            _meta("postmeta", "_wp_attachment_image_alt", image.alt_text),
        )
        yield "\t</item>\n"

    def tail(self):
        yield "</channel>\n"
        yield "</rss>\n"

    def _item_fields(self, post_id, moment, name, status, *, parent, post_type, comments="closed"):
        return [
            _bare("wp:post_id", post_id),
            _bare("wp:post_date", _local(moment)),
            _bare("wp:post_date_gmt", _gmt(moment)),
            _bare("wp:comment_status", comments),
            _bare("wp:ping_status", "closed"),
            _text("wp:post_name", name),
            _bare("wp:status", status),
            _bare("wp:post_parent", parent),
            _bare("wp:menu_order", 0),
            _bare("wp:post_type", post_type),
            _text("wp:post_password", ""),
            _bare("wp:is_sticky", 0),
        ]

    def _comment(self, comment):
        removed = comment.is_removed
        yield "\t\t<wp:comment>\n"
        yield from self._lines(
            3,
            _bare("wp:comment_id", comment.pk),
            _text("wp:comment_author", comment.writer_name),
            _text("wp:comment_author_email", comment.author.email if comment.author_id else comment.guest_email),
            _text("wp:comment_author_url", "" if comment.author_id else comment.guest_url),
            _text("wp:comment_author_IP", ""),
            _bare("wp:comment_date", _local(comment.created_at)),
            _bare("wp:comment_date_gmt", _gmt(comment.created_at)),
            # A removed comment's text never leaves Blognet; the comment keeps its place.
            _text("wp:comment_content", "" if removed else with_absolute_links(comment.body_html, self.site)),
            _bare("wp:comment_approved", 1),
            _bare("wp:comment_type", "comment"),
            _bare("wp:comment_parent", comment.parent_id or 0),
            _bare("wp:comment_user_id", comment.author_id or 0),
            _meta("commentmeta", "_blognet_markdown", "" if removed else comment.body),
            *([_meta("commentmeta", "_blognet_removed", "1")] if removed else []),
        )
        yield "\t\t</wp:comment>\n"

    @staticmethod
    def _lines(depth, *elements):
        indent = "\t" * depth
        return (f"{indent}{element}\n" for element in elements)
