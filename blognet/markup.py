"""The one markup pipeline: every path from user text to HTML goes through render_markdown().

Markdown source, raw HTML escaped rather than passed through
  -> Python-Markdown with a small named set of extensions
  -> headings shifted down one level (the page owns <h1>)
  -> nh3 with an explicit allowlist of tags, attributes and URL schemes.

The output is stored beside the source with RENDER_VERSION, so that everything can be
re-rendered (`manage.py rerender`) when this policy changes.
"""

import html
import re

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Bump when the output for the same source changes; stored rows with an older version
# are re-rendered by `manage.py rerender`.
RENDER_VERSION = 1

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


class _EscapeRawHtml(Extension):
    """Treat raw HTML as text: it is shown escaped, never passed through."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_ShiftHeadings(md), "shift_headings", 5)


def render_markdown(source, *, profile="post"):
    """Return sanitized HTML for Markdown `source` under the allowlist named by `profile`."""
    allowed = PROFILES[profile]
    converter = markdown.Markdown(extensions=[*EXTENSIONS, _EscapeRawHtml()])
    raw_html = converter.convert(source or "")
    return nh3.clean(
        raw_html,
        tags=allowed["tags"],
        attributes=allowed["attributes"],
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_check_url,
    )


def plain_text(sanitized_html):
    """The readable text of HTML that came out of render_markdown(), for excerpts."""
    text = nh3.clean(sanitized_html, tags=set())
    return " ".join(html.unescape(text).split())
