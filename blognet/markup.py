"""The one markup pipeline: every path from user text to HTML goes through render_markdown().

Markdown source, raw HTML escaped rather than passed through
  -> Python-Markdown with a small named set of extensions
  -> @username linked to that colleague's profile (an inline processor: code is never touched)
  -> headings shifted down one level (the page owns <h1>)
  -> nh3 with an explicit allowlist of tags, attributes and URL schemes.

The output is stored beside the source with RENDER_VERSION, so that everything can be
re-rendered (`manage.py rerender`) when this policy changes.
"""

import html
import re
import threading
import xml.etree.ElementTree as etree

import markdown
import nh3
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .text import xml_safe

# Bump when the output for the same source changes; stored rows with an older version
# are re-rendered by `manage.py rerender`. 2: a mention keeps the case the writer typed.
RENDER_VERSION = 2

EXTENSIONS = ["fenced_code", "tables", "sane_lists", "nl2br"]

_INLINE_TAGS = {"a", "br", "code", "del", "em", "strong", "p", "blockquote", "pre", "ul", "ol", "li", "hr"}
PROFILES = {
    "post": {
        "tags": _INLINE_TAGS | {"h2", "h3", "h4", "h5", "h6", "img", "table", "thead", "tbody", "tr", "th", "td"},
        "attributes": {"a": {"href", "title"}, "img": {"src", "alt", "title"}},
    },
    # Comments are conversation: no images or headings (their text is kept, the tag dropped).
    "comment": {
        "tags": _INLINE_TAGS,
        "attributes": {"a": {"href", "title"}},
    },
}
ALLOWED_CLASSES = {"a": {"mention"}}
URL_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def _check_url(tag, attribute, value):
    """Drop a URL whose scheme is not allowed once the browser has removed tabs, newlines and
    control characters from it ("java\tscript:" is javascript: to a browser, not to nh3)."""
    if attribute in ("href", "src"):
        compact = re.sub(r"[\x00-\x20\x7f]", "", value)
        scheme = _SCHEME.match(compact)
        if scheme and scheme.group(1).lower() not in URL_SCHEMES:
            return None
    return value


class _ShiftHeadings(Treeprocessor):
    """Turn # into <h2>, ## into <h3> ...: the page's own title is the only <h1>."""

    def run(self, root):
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                element.tag = f"h{min(int(element.tag[1]) + 1, 6)}"


# @handle: not after a letter, digit, dot or @ (so e-mail addresses are no mentions); a handle
# ends in a letter or digit, so "@wilma," and "@wilma." mention wilma.
MENTION_RE = r"(?<![\w.@/])@([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)"


class _MentionProcessor(InlineProcessor):
    ANCESTOR_EXCLUDES = ("a",)  # never a link inside a link

    def __init__(self, pattern, md, colleagues):
        super().__init__(pattern, md)
        self.colleagues = colleagues

    def handleMatch(self, m, data):
        username = m.group(1).lower()
        if username not in self.colleagues:
            return None, None, None  # no colleague by that name: plain text
        link = etree.Element("a")
        link.set("href", reverse("people:profile", args=[username]))
        link.set("class", "mention")
        link.text = m.group(0)  # as the writer typed it: "@Wilma," stays "@Wilma,"
        return link, m.start(0), m.end(0)


def _colleagues_named_in(source):
    """The usernames that could be mentioned in `source`: one query, and none without an @."""
    candidates = {name.lower() for name in re.findall(MENTION_RE, source)}
    if not candidates:
        return set()
    users = get_user_model().objects.filter(username__in=candidates, is_active=True)
    return set(users.values_list("username", flat=True))


class _BlognetMarkdown(Extension):
    """Raw HTML shown as text (never passed through), @mentions, headings from h2."""

    def __init__(self, colleagues):
        super().__init__()
        self.colleagues = colleagues

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.register(_MentionProcessor(MENTION_RE, md, self.colleagues), "mention", 65)
        md.treeprocessors.register(_ShiftHeadings(md), "shift_headings", 5)


# What one text may contain. Python-Markdown's cost grows faster than the text for some
# constructs: ten thousand "[" or fifty thousand one-character lines take a worker for seconds, and
# nesting beyond Python's recursion depth crashes it. No real post comes near these numbers; within
# them the worst case renders in well under a second (benchmarked in tests/test_markup.py).
LIMITS = {
    "brackets": 1000,  # "[": link parsing is quadratic in them
    "lines": 5000,
    "block_lines": 1000,  # lines without a blank line between them (one paragraph, list or code block)
    "fences": 200,  # lines opening or closing a code block
    "emphasis": 5000,  # "*" and "_"
    "columns": 64,  # "|" on one line of a table
    "cells": 5000,  # "|" in the whole text
    "depth": 10,  # quote and list markers at the start of one line ("> > - >")
}
_MARKER = re.compile(r"[ \t]*(?:>|(?:[*+-]|\d{1,9}[.)])(?=[ \t]|$))")
_FENCE = re.compile(r"^[ \t]*(?:```|~~~)", re.MULTILINE)


def _depth(line):
    """How many quote and list markers open `line` ("> > - x" is 3, ">>>x" is 3)."""
    depth = position = 0
    while marker := _MARKER.match(line, position):
        depth, position = depth + 1, marker.end()
    return depth


def _too_much(source):
    """The first limit `source` goes past, as (code, message), or None."""
    lines = source.split("\n")
    if source.count("[") > LIMITS["brackets"]:
        return "too_many_brackets", _(
            "Deze tekst bevat meer dan %(max)d keer het teken [. Verdeel hem over meerdere berichten."
        ) % {"max": LIMITS["brackets"]}
    if max(_depth(line) for line in lines) > LIMITS["depth"]:
        return "too_deep", _("Deze tekst is te diep genest (lijsten of citaten in elkaar). Maak hem wat platter.")
    block = longest = 0
    for line in lines:
        block = block + 1 if line.strip() else 0
        longest = max(longest, block)
    if (
        len(lines) > LIMITS["lines"]
        or longest > LIMITS["block_lines"]
        or len(_FENCE.findall(source)) > LIMITS["fences"]
        or source.count("*") + source.count("_") > LIMITS["emphasis"]
        or max(line.count("|") for line in lines) > LIMITS["columns"]
        or source.count("|") > LIMITS["cells"]
    ):
        return "too_complex", _(
            "Deze tekst is te ingewikkeld opgebouwd (heel veel regels, codeblokken, kolommen of sterretjes). "
            "Verdeel hem over meerdere berichten."
        )
    return None


def validate_markdown(source):
    """Refuse text the pipeline cannot render quickly: checked by counting, without rendering."""
    problem = _too_much(source or "")
    if problem:
        code, message = problem
        raise ValidationError(message, code=code)


_converters = threading.local()


def _converter():
    """This thread's Markdown converter, made once and reset for each text: building one costs about
    2 ms (its extensions register dozens of processors), more than rendering a comment does."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        blognet = _BlognetMarkdown(set())
        converter = _converters.markdown = markdown.Markdown(extensions=[*EXTENSIONS, blognet])
        converter.blognet = blognet
    return converter


def render_markdown(source, *, profile="post"):
    """Return sanitized HTML for Markdown `source` under the allowlist named by `profile`.

    Characters XML cannot carry are dropped first, so stored HTML is safe in feeds and e-mail.
    """
    allowed = PROFILES[profile]
    source = xml_safe(source or "")
    converter = _converter()
    converter.blognet.colleagues.clear()
    converter.blognet.colleagues.update(_colleagues_named_in(source))
    try:
        raw_html = converter.reset().convert(source)
    except RecursionError:
        # validate_markdown() refuses such text; this keeps anything that slipped past it readable.
        raw_html = "".join(f"<p>{html.escape(line)}</p>" for line in source.splitlines() if line.strip())
    return nh3.clean(
        raw_html,
        tags=allowed["tags"],
        attributes=allowed["attributes"],
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_check_url,
        allowed_classes=ALLOWED_CLASSES,
    )


_MENTION_LINK = re.compile(r'<a class="mention" href="[^"]*"[^>]*>@([^<]+)</a>')


def mentioned_in(sanitized_html):
    """The usernames the rendered text @mentions: the links the pipeline made, so none from code."""
    return {name.lower() for name in _MENTION_LINK.findall(sanitized_html or "")}


def plain_text(sanitized_html):
    """The readable text of HTML that came out of render_markdown(), for excerpts."""
    text = nh3.clean(sanitized_html, tags=set())
    return " ".join(xml_safe(html.unescape(text)).split())


def with_absolute_links(sanitized_html, site_url):
    """HTML from render_markdown() with its site-relative links made absolute, for e-mail."""
    return re.sub(r'(href|src)="/(?!/)', lambda m: f'{m.group(1)}="{site_url}/', sanitized_html)
