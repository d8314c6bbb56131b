"""Dutch words for search: accent folding, stems, the web-search syntax and highlighting.

Both backends read a query through parse(): `"open dag"` is a phrase, `-zaterdag` excludes,
`OF` / `OR` between two words means either. Whatever else is typed is only ever words, so no
input can become the syntax of a database's full-text language.
"""

import re
import unicodedata
from dataclasses import dataclass, field

import snowballstemmer
from django.utils.html import escape

MAX_QUERY_LENGTH = 200
MAX_TERMS = 16  # a query of a hundred words costs a hundred index lookups; nobody means that
MAX_WORD_LENGTH = 40

# Words as SQLite's unicode61 tokenizer sees them: letters and digits (no underscore).
WORD = re.compile(r"[^\W_]+")
# Private-use characters mark highlights on their way through the database (PostgreSQL's
# ts_headline): they are taken out of every indexed text, so only a highlight can carry them.
MARK_START, MARK_END = "\ue000", "\ue001"
# ... and angle brackets, which ts_headline would take for HTML tags and leave out.
LESS_THAN, GREATER_THAN = "\ue002", "\ue003"
UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

# Snowball's Dutch stop words (PostgreSQL's `dutch` configuration drops the same ones): a query
# for "de bibliotheek" asks for "bibliotheek", as it does on PostgreSQL.
STOP_WORDS = frozenset(
    """aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een
    eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in
    is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat
    onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat
    werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou""".split()
)

_stemmer = snowballstemmer.stemmer("dutch")
_stems = {}


def clean(text):
    """The text without control, invisible-direction and private-use characters (NUL included)."""
    return UNSAFE.sub("", text or "")


COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text):
    """Lower case without accents: "Ideeën" → "ideeen" (accents are folded, never required)."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return COMBINING.sub("", unicodedata.normalize("NFKD", lowered))


def words(text):
    """The folded words of `text`, in order."""
    return [word[:MAX_WORD_LENGTH] for word in WORD.findall(fold(clean(text)))]


def stem(word):
    """The Dutch stem of a folded word, remembered: a reindex stems millions of words, few distinct."""
    found = _stems.get(word)
    if found is None:
        if len(_stems) > 500_000:
            _stems.clear()
        found = _stems[word] = _stemmer.stemWord(word)
    return found


class _RawStems(dict):
    """stem(fold(raw)) for a word as written, remembered: texts meet the same words again and
    again, and a hit is then one dictionary lookup in C (a reindex looks up millions)."""

    def __missing__(self, raw):
        if len(self) > 500_000:
            self.clear()
        found = self[raw] = stem(fold(raw)[:MAX_WORD_LENGTH])
        return found


_raw_stems = _RawStems()
_stem_of = _raw_stems.__getitem__


def stems(text):
    """`text` as a line of Dutch stems in its word order (what SQLite's FTS5 table indexes).

    Words are found in the text as written (composed: NFC) and each distinct one is folded and
    stemmed once; folding can split a word (a ligature, a letter with a stroke) only rarely.
    """
    return " ".join(map(_stem_of, WORD.findall(unicodedata.normalize("NFC", clean(text)))))


@dataclass
class Query:
    """A parsed query: every group must match (one of its alternatives), no excluded one may.

    An alternative is a tuple of folded words: one word, or a phrase.
    """

    groups: list = field(default_factory=list)
    excluded: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.groups)

    def positive_words(self):
        return {word for group in self.groups for alternative in group for word in alternative}


TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse(text):
    """Read web-search syntax into a Query; anything that is not a word is dropped."""
    query, pending_or = Query(), False
    for minus, phrase, chunk in TOKEN.findall(clean(text)[:MAX_QUERY_LENGTH]):
        if chunk and chunk.lower() in ("of", "or") and query.groups:
            pending_or = True
            continue
        excluded = bool(minus) or chunk.startswith("-")
        alternative = tuple(words(phrase if phrase or minus else chunk))
        if not alternative:
            continue
        if len(alternative) == 1 and alternative[0] in STOP_WORDS:
            pending_or = pending_or and not excluded
            continue
        if excluded:
            query.excluded.append(alternative)
        elif pending_or:
            query.groups[-1].append(alternative)
        else:
            query.groups.append([alternative])
        pending_or = False
        if len(query.groups) + len(query.excluded) >= MAX_TERMS:
            break
    return query


def highlight(text, query, *, words_around=24, whole=False, limit=5000):
    """Escaped HTML of `text` (or of `words_around` words from just before its first match among
    its first `limit` words) with the matching words in <mark>."""
    wanted = {stem(word) for word in query.positive_words()}
    starts, spans, first = [], [], None
    for number, match in enumerate(WORD.finditer(text)):
        if number == limit or (first is not None and not whole and number > first + words_around):
            break
        starts.append(match.start())
        if _stem_of(match.group()) in wanted:
            spans.append(match.span())
            first = number if first is None else first
    start, end = 0, len(text)
    if not whole:
        first = first or 0
        begin = max(0, first - words_around // 4) if spans else 0
        start = starts[begin] if starts and spans else 0
        last = begin + words_around
        end = starts[last] if last < len(starts) else (len(text) if len(starts) < limit else starts[-1])
    parts, position = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        parts += [escape(text[position:s]), "<mark>", escape(text[s:e]), "</mark>"]
        position = e
    parts.append(escape(text[position:end]))
    snippet = "".join(parts).strip()
    return ("… " if start > 0 else "") + snippet + (" …" if end < len(text) else "")


def marked(headline):
    """Escaped HTML of a database's highlighted text whose matches are between MARK_START/MARK_END."""
    marked = escape(headline).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return marked.replace(LESS_THAN, "&lt;").replace(GREATER_THAN, "&gt;")
