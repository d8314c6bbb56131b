"""Imported HTML turned into the Markdown Blognet stores, for blognet.markup to render.

The Markdown is what the author sees when they edit the post later, so it should read like
Markdown someone typed, and render (Python-Markdown with nl2br, see blognet.markup) as the HTML
did. It needs no sanitizing here: raw HTML left in it is shown as text by the pipeline, and the
pipeline's allowlist decides what reaches a page.
"""

import re

from markdownify import ATX, MarkdownConverter

# An underscore between two letters or digits never starts emphasis in Python-Markdown, so it is
# left alone: "https://example.org/boeken_2024" and snake_case stay readable in the editor.
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
PYTHON_MARKDOWN_INDENT = "    "  # a nested list or a list item's second paragraph: four spaces


class _ImportConverter(MarkdownConverter):
    def escape(self, text, parent_tags):
        return _EMPHASIS_UNDERSCORE.sub(r"\\_", super().escape(text, parent_tags))

    def process_text(self, el, parent_tags=None):
        text = super().process_text(el, parent_tags)
        # A browser starts the line after a <br> without the space the source's newline left.
        if getattr(el.previous_sibling, "name", None) == "br" and "pre" not in (parent_tags or ()):
            text = text.lstrip(" ")
        return text

    def convert_li(self, el, text, parent_tags):
        # markdownify indents what belongs to an item by its bullet's width ("* " is two spaces);
        # Python-Markdown takes only four as belonging to the item and would flatten nested lists.
        item = super().convert_li(el, text, parent_tags)
        first, newline, rest = item.partition("\n")
        width = len(first) - len(first.split(" ", 1)[-1])
        return first + newline + re.sub(rf"^ {{{width}}}", PYTHON_MARKDOWN_INDENT, rest, flags=re.MULTILINE)

    def _dropped(self, el, text, parent_tags):
        # What these hold is no text of the post: an embedded page's or plugin's fallback, a
        # message for browsers without JavaScript. (markdownify drops <script> and <style> itself.)
        return ""

    convert_iframe = convert_noscript = convert_object = convert_embed = convert_template = _dropped


def to_markdown(html):
    """Markdown for imported `html`: headings with #, links and images kept, line breaks as two
    trailing spaces, whitespace collapsed as a browser would (nl2br would make every newline of
    the HTML source a line break), and scripts, styles and embedded frames left out entirely."""
    converter = _ImportConverter(
        heading_style=ATX,
        bullets="-",
        escape_underscores=False,
        wrap=True,  # collapses whitespace as HTML does; with no width, lines are not wrapped
        wrap_width=None,
    )
    markdown = converter.convert(html or "")
    # Two <br> in a row are a paragraph break; the spaces they leave on and before the blank line are noise.
    return re.sub(r"[ \t]+(?=\n[ \t]*\n|\Z)|^[ \t]+$", "", markdown, flags=re.MULTILINE)
