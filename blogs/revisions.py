"""A post's versions: what changed between two of them, and putting an old one back.

The diff is built here from the Markdown source, every piece escaped by format_html: no text of a
post reaches the page unescaped, whatever it holds, and nothing of it runs.
"""

import difflib
import re
from collections import Counter

from django.db import transaction
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from blognet.models import ContentGeneration

from .models import Post, Revision
from .services import save_post

# Words, runs of spaces and single signs: a change shows as the words that changed.
TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
# Word-by-word comparison costs up to the product of both lengths in words: one diff page does at
# most this much of it (well under a second, however a text is made), then shows changed lines whole.
WORD_DIFF_BUDGET = 4_000_000
# Comparing lines costs up to the product of both counts too: past this (1,000 by 1,000 changed
# lines) the changed middle of a text shows whole.
MAX_LINE_DIFF = 1_000_000
# Lines of a changed block compared pairwise at most (20 by 20), and how alike two must be to be
# shown as one changed line rather than one removed and one added.
MAX_LINE_PAIRS = 400
ALIKE = 0.5
# Unchanged lines shown around a change; longer unchanged stretches are folded into one line.
CONTEXT = 2


class RestoreRefused(Exception):
    """Nothing was restored; the message says why, to the person who asked."""


def _words(text):
    return TOKENS.findall(text)


def _deleted(text):
    return format_html('<del><span class="visually-hidden">{} </span>{}</del>', _("verwijderd:"), text)


def _inserted(text):
    return format_html('<ins><span class="visually-hidden">{} </span>{}</ins>', _("toegevoegd:"), text)


def inline_diff(old, new, budget=None):
    """`old` and `new` as one text: removed words in <del>, added words in <ins>, all escaped.

    `budget` ([work left]) is shared by the lines of one diff; past it the change shows whole."""
    a, b = _words(old), _words(new)
    # The words both start and end with are not compared: one word changed in a long paragraph
    # costs next to nothing.
    start, end = _common_ends(a, b)
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    budget = budget if budget is not None else [WORD_DIFF_BUDGET]
    if len(middle_a) * len(middle_b) > budget[0]:
        return _join([_deleted(old) if old else "", _inserted(new) if new else ""])
    budget[0] -= len(middle_a) * len(middle_b)
    pieces = [format_html("{}", "".join(a[:start]))]
    for is_equal, removed, added in _segments(middle_a, middle_b):
        if is_equal:
            pieces.append(format_html("{}", removed))
            continue
        # Spaces around words added (or removed) alone are shown as they are: " in Centrum" added
        # marks "in Centrum", not the space before it.
        lead = _lead(removed or added) if not (removed and added) else ""
        trail = _trail(removed or added) if not (removed and added) else ""
        removed, added = removed[len(lead) : len(removed) - len(trail)], added[len(lead) : len(added) - len(trail)]
        pieces.append(format_html("{}", lead))
        if removed:
            pieces.append(_deleted(removed))
        if added:
            pieces.append(_inserted(added))
        pieces.append(format_html("{}", trail))
    pieces.append(format_html("{}", "".join(a[len(a) - end :])))
    return _join(pieces)


def _lead(text):
    return text[: len(text) - len(text.lstrip())]


def _trail(text):
    return text[len(text.rstrip()) :] if text.strip() else ""


def _segments(a, b):
    """(is_equal, old text, new text) in order. A space alone between two changes joins them, so
    that "de grote kat" → "het kleine hondje" reads as one change rather than three."""
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        is_equal, removed, added = op == "equal", "".join(a[i1:i2]), "".join(b[j1:j2])
        if not is_equal and len(segments) > 1 and segments[-1][0] and segments[-1][1].isspace():
            space = segments.pop()[1]
            segments[-1][1] += space + removed
            segments[-1][2] += space + added
        else:
            segments.append([is_equal, removed, added])
    return segments


def _join(pieces):
    # Every piece came out of format_html (escaped) or is empty.
    return mark_safe("".join(str(piece) for piece in pieces))


def _line(kind, content):
    return format_html('<div class="diff-line diff-{}">{}</div>', kind, content)


def _folded(count):
    label = ngettext("%(count)s ongewijzigde regel", "%(count)s ongewijzigde regels", count) % {"count": count}
    return format_html('<div class="diff-line diff-folded">… {} …</div>', label)


def body_diff(old, new):
    """The text's changes line by line, a changed line word by word, with the unchanged lines
    around each change and the rest folded: a stack of lines that reads on a phone too."""
    a, b = old.splitlines(), new.splitlines()
    lines, budget = [], [WORD_DIFF_BUDGET]
    opcodes = _line_changes(a, b)
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            lines.extend(_unchanged(a[i1:i2], first=index == 0, last=index == len(opcodes) - 1))
        elif op == "replace":
            lines.extend(_paired(a[i1:i2], b[j1:j2], budget))
        elif op == "delete":
            lines.extend(_line("deleted", _deleted(line)) for line in a[i1:i2])
        else:
            lines.extend(_line("inserted", _inserted(line)) for line in b[j1:j2])
    return format_html_join("", "{}", ((line,) for line in lines))


def _line_changes(a, b):
    """difflib's opcodes for the lines of `a` and `b`. The lines both texts start and end with
    are not compared, and past MAX_LINE_DIFF the rest is one changed block: comparing lines, too,
    costs up to the product of both counts (a text of many equal lines is the slowest)."""
    start, end = _common_ends(a, b)
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    if len(middle_a) * len(middle_b) > MAX_LINE_DIFF:
        middle = [("replace", 0, len(middle_a), 0, len(middle_b))]
    else:
        middle = difflib.SequenceMatcher(None, middle_a, middle_b, autojunk=False).get_opcodes()
    opcodes = [("equal", 0, start, 0, start)]
    opcodes += [(op, i1 + start, i2 + start, j1 + start, j2 + start) for op, i1, i2, j1, j2 in middle]
    opcodes.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return [opcode for opcode in opcodes if opcode[1] < opcode[2] or opcode[3] < opcode[4]]


def _common_ends(a, b):
    """How many items `a` and `b` start with alike, and how many after those they end with alike."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return start, end


def _paired(a, b, budget):
    """A block of changed lines: the two most alike lines shown as one changed line, word by word,
    the lines before and after them paired the same way; a line like none on the other side is
    removed or added whole (so a new paragraph between two old ones reads as added, not as a
    tangle of words). How alike two lines are is counted once, from the words they share."""
    if len(a) * len(b) > MAX_LINE_PAIRS:
        return _whole(a, b)
    words_a = [Counter(word for word in _words(line) if not word.isspace()) for line in a]
    words_b = [Counter(word for word in _words(line) if not word.isspace()) for line in b]
    alike = [[_alike(x, y) for y in words_b] for x in words_a]

    def align(i1, i2, j1, j2):
        best, pair = ALIKE, None
        for i in range(i1, i2):
            for j in range(j1, j2):
                if alike[i][j] > best:
                    best, pair = alike[i][j], (i, j)
        if pair is None:
            return _whole(a[i1:i2], b[j1:j2])
        i, j = pair
        return [*align(i1, i, j1, j), _line("changed", inline_diff(a[i], b[j], budget)), *align(i + 1, i2, j + 1, j2)]

    return align(0, len(a), 0, len(b))


def _alike(x, y):
    total = x.total() + y.total()
    return 2 * (x & y).total() / total if total else 1.0


def _whole(removed, added):
    return [_line("deleted", _deleted(x)) for x in removed] + [_line("inserted", _inserted(y)) for y in added]


def _unchanged(lines, *, first, last):
    """Unchanged lines: only the CONTEXT next to a change, the rest as one folded line."""
    keep_before = 0 if first else CONTEXT
    keep_after = 0 if last else CONTEXT
    if len(lines) < keep_before + keep_after + 3:  # folding fewer than three lines saves nothing
        return [_line("equal", format_html("{}", line)) for line in lines]
    shown = [_line("equal", format_html("{}", line)) for line in lines[:keep_before]]
    shown.append(_folded(len(lines) - keep_before - keep_after))
    shown.extend(_line("equal", format_html("{}", line)) for line in lines[len(lines) - keep_after :])
    return shown


def diff(old, new):
    """What changed from revision `old` to revision `new`: the title and the text."""
    return {
        "title": inline_diff(old.title, new.title) if old.title != new.title else None,
        "body": body_diff(old.body, new.body) if old.body != new.body else None,
    }


@transaction.atomic
def restore_revision(revision, *, by, based_on):
    """Make `revision`'s title and text the post's again, as a new revision by `by`.

    `based_on` is the id of the newest revision the restoring page showed: when a newer one exists
    the post changed since, and RestoreRefused is raised with nothing changed (as it is for a post
    that is a draft now: drafts keep no revisions). Through save_post, so mentions,
    notifications and cached pages follow as after any edit.
    """
    # Every writer takes the generation's row first (blognet.models): a save of this post made
    # at the same moment waits until this transaction ends, or has ended and is seen below.
    ContentGeneration.bump()
    post = Post.objects.select_related("blog", "author").get(pk=revision.post_id)
    newest = Revision.objects.filter(post=post).order_by("-id").values_list("id", flat=True).first()
    if newest != based_on:
        raise RestoreRefused(
            _(
                "Het bericht is gewijzigd nadat je deze pagina opende. Er is niets teruggezet: "
                "bekijk de nieuwste versie en probeer het opnieuw."
            )
        )
    if post.status != Post.Status.PUBLISHED:
        raise RestoreRefused(
            _("Dit bericht is nu een concept. Publiceer het eerst, dan kun je een oude versie terugzetten.")
        )
    post.title, post.body = revision.title, revision.body
    return save_post(post, publish=True, by=by)
