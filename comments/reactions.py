"""Reactions on posts and comments: 👍 eens, ❤️ mooi, 💡 goed idee, 🙏 bedankt.

One reaction per person per item, kept by the database (two partial unique constraints on
Reaction): choosing another replaces it, taking it back removes it. A request says what the
reaction should become (`kind`) or which one to take back (`remove`), never "toggle", so the same
click arriving eight times at once leaves one reaction.

A post page reads all reactions on the post and its comments in two queries whatever their
number (reactions_on): the counts and the names of the newest few per kind in one, the reader's own
in another. The bar is written with format_html, like the thread (comments.thread_html), so a
thousand comments cost string formats, not templates.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from blogs.marks import Mark

from .models import Reaction
from .signals import reactions_changed

KINDS = [kind.value for kind in Reaction.Kind]
USER_NAME = ["username", "display_name", "first_name", "last_name"]  # what User.name is made of
NAMES_SHOWN = 8  # per kind per item; "en 5 anderen" says the rest


class UnknownKind(ValueError):
    """A reaction kind not in the set."""


def react(*, user, post, comment=None, kind=None, remove=None):
    """Make `user`'s reaction on the post (or on `comment`, one of its comments) `kind`, or take back
    their reaction `remove`. Returns their reaction as it is now (None when they have none)."""
    if kind not in KINDS and remove not in KINDS:
        raise UnknownKind(kind or remove)
    mine = Reaction.objects.filter(user=user, post=post, comment=comment)
    added = False
    with transaction.atomic():
        if kind:
            if not mine.update(kind=kind):
                try:
                    with transaction.atomic():
                        Reaction.objects.create(user=user, post=post, comment=comment, kind=kind)
                    added = True
                except IntegrityError:  # the same click arrived at the same moment: it made it
                    mine.update(kind=kind)
        elif not mine.filter(kind=remove).delete()[0]:
            return mine.first()  # taken back already (or changed since): nothing happened
        reactions_changed.send(sender=Reaction, post=post, comment=comment, actor=user, added=added)
    return mine.first()


@dataclass
class Tally:
    """The reactions on one item: per kind how many and the names of the newest few."""

    counts: dict = field(default_factory=dict)  # kind -> number
    names: dict = field(default_factory=dict)  # kind -> [name, ...], newest first
    mine: str = ""  # the reader's kind

    @property
    def total(self):
        return sum(self.counts.values())


@dataclass
class PostReactions:
    """Every tally on a post page: the post's (key None) and each comment's (key its id)."""

    tallies: dict

    def of(self, comment_id=None):
        return self.tallies.get(comment_id) or Tally()


def _name(row):
    full = f"{row['user__first_name']} {row['user__last_name']}".strip()
    return row["user__display_name"] or full or row["user__username"]


def reactions_on(post, reader):
    """The reactions on `post` and all its comments (two queries), remembered on the post instance
    so that the post's own bar and the thread below share them."""
    if getattr(post, "_reactions", None) is None:
        post._reactions = PostReactions(_tallies(Reaction.objects.filter(post=post), reader))
    return post._reactions


def tally_of(post, comment, reader):
    """The tally of one item as it is now, for the bar a reaction view sends back (two queries on
    that item's reactions only)."""
    return PostReactions(_tallies(Reaction.objects.filter(post=post, comment=comment), reader)).of(
        comment.pk if comment else None
    )


def _tallies(reactions, reader):
    """{comment id (None for the post): Tally} of `reactions`: the counts and the newest names per
    kind in one query (window functions, so no more than NAMES_SHOWN names per kind are read),
    the reader's own in another."""
    newest = Window(RowNumber(), partition_by=[F("comment_id"), F("kind")], order_by=[F("created_at").desc()])
    per_kind = Window(Count("id"), partition_by=[F("comment_id"), F("kind")])
    rows = (
        reactions.annotate(place=newest, n=per_kind)
        .filter(place__lte=NAMES_SHOWN)
        .values("comment_id", "kind", "n", *(f"user__{name}" for name in USER_NAME))
        .order_by("comment_id", "kind", "place")
    )
    tallies = {}
    for row in rows:
        tally = tallies.setdefault(row["comment_id"], Tally())
        tally.counts[row["kind"]] = row["n"]
        tally.names.setdefault(row["kind"], []).append(_name(row))
    if reader.is_authenticated:
        for comment_id, kind in reactions.filter(user=reader).values_list("comment_id", "kind"):
            tallies.setdefault(comment_id, Tally()).mine = kind
    return tallies


# The bar: a form whose buttons say what the reader's reaction becomes. Without JavaScript it
# posts and comes back to the item's anchor; static/js/reactions.js sends it with fetch and puts
# the bar it gets back in its place.
_BAR = (
    '<form method="post" action="{action}" class="reactions js-reactions d-flex flex-wrap align-items-center gap-1"'
    ' aria-label="{label}"><input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">{buttons}{who}</form>'
)
_BUTTON = (
    '<button type="submit" name="{name}" value="{kind}" class="btn btn-sm reaction{active}{empty}"'
    ' aria-pressed="{pressed}" title="{title}"><span aria-hidden="true">{emoji}</span>'
    ' <span class="{label_class}">{label}</span>{count}</button>'
)
_COUNT = ' <span class="reaction-count">{}</span>'
_SHOWN = (
    '<span class="reaction reaction-shown" title="{title}"><span aria-hidden="true">{emoji}</span>'
    ' <span class="visually-hidden">{label}</span> {count}</span>'
)
_WHO = '<details class="reaction-who small"><summary>{}</summary><ul class="list-unstyled mb-0">{}</ul></details>'
_WHO_LINE = '<li><span aria-hidden="true">{}</span> {}: {}</li>'


# The emoji as character references: one character beyond U+FFFF makes Python hold the whole page
# at four bytes a character, and a long thread's page is joined and encoded several times over.
_EMOJI_HTML = {kind: "".join(f"&#x{ord(char):X};" for char in emoji) for kind, emoji in Reaction.EMOJI.items()}


class Bar:
    """Writes reaction bars for one reader on one page. Everything but the names and counts is
    escaped once here: a thread of a thousand comments writes a thousand bars."""

    def __init__(self, *, reader, csrf_token, post):
        self.reader = reader
        self.csrf = escape(csrf_token or "")
        self.labels = {kind.value: escape(str(kind.label)) for kind in Reaction.Kind}  # once, not lazily
        self.post_action = reverse("comments:react_post", args=[post.pk])
        self.comment_action = reverse("comments:react_comment", args=[0])
        self.words = {
            "post": escape(_("Reageer op dit bericht")),
            "comment": escape(_("Reageer op deze reactie")),
            "who": escape(_("Wie reageerde?")),
        }
        # A kind nobody chose is the same button on every item.
        self.unchosen = {
            compact: {kind: self.button(kind, count=0, is_mine=False, title="", compact=compact) for kind in KINDS}
            for compact in (False, True)
        }
        # A comment nobody reacted to has the same bar as every other but for its address.
        self.blank = _BAR.format(
            action="\x00",
            label=self.words["comment"],
            csrf=self.csrf,
            buttons="".join(self.unchosen[True].values()),
            who="",
        ).split("\x00")

    def names(self, tally, kind):
        """ "Wilma Bakker, Bas de Groot en 3 anderen", escaped."""
        names = tally.names.get(kind, [])
        others = tally.counts.get(kind, 0) - len(names)
        shown = ", ".join(names)
        if others > 0:
            shown += " " + ngettext("en %(n)s ander", "en %(n)s anderen", others) % {"n": others}
        return escape(shown)

    def button(self, kind, *, count, is_mine, title, compact):
        label = self.labels[kind]
        return _BUTTON.format(
            name="remove" if is_mine else "kind",
            kind=kind,
            active=" active" if is_mine else "",
            empty="" if count else " reaction-empty",
            pressed="true" if is_mine else "false",
            title=f"{label}: {title}" if title else label,
            emoji=_EMOJI_HTML[kind],
            label_class="visually-hidden" if compact else "reaction-label",
            label=label,
            count=_COUNT.format(count) if count else "",
        )

    def html(self, tally, *, comment_id=None, compact=False):
        if not self.reader.is_authenticated:
            return self.shown(tally)
        if compact and comment_id and not tally.counts and not tally.mine:
            return mark_safe(f"{self.blank[0]}{self.comment_action.replace('/0/', f'/{comment_id}/')}{self.blank[1]}")
        buttons, who = [], []
        for kind in KINDS:
            count, is_mine = tally.counts.get(kind, 0), tally.mine == kind
            if not count and not is_mine:
                buttons.append(self.unchosen[compact][kind])
                continue
            names = self.names(tally, kind)
            buttons.append(self.button(kind, count=count, is_mine=is_mine, title=names, compact=compact))
            who.append(_WHO_LINE.format(_EMOJI_HTML[kind], self.labels[kind], names))
        action = self.comment_action.replace("/0/", f"/{comment_id}/") if comment_id else self.post_action
        return mark_safe(  # every part escaped above: the names and words by escape(), the rest is ours
            _BAR.format(
                action=action,
                label=self.words["comment" if comment_id else "post"],
                csrf=self.csrf,
                buttons="".join(buttons),
                who=_WHO.format(self.words["who"], "".join(who)) if who else "",
            )
        )

    def shown(self, tally):
        """For a reader who may read but not react (anonymous reading): the counts only."""
        if not tally.total:
            return ""
        spans = (
            format_html(
                _SHOWN,
                title=mark_safe(f"{self.labels[kind]}: {self.names(tally, kind)}"),
                emoji=mark_safe(_EMOJI_HTML[kind]),
                label=self.labels[kind],
                count=tally.counts[kind],
            )
            for kind in KINDS
            if tally.counts.get(kind)
        )
        return mark_safe(f'<div class="reactions d-flex flex-wrap gap-2 small">{"".join(spans)}</div>')


# On cards (blogs.marks): the post's own reactions, one aggregate query for a page of cards.


@dataclass(frozen=True)
class CardReactions:
    counts: tuple  # ((kind, number), ...) in the order of KINDS

    @property
    def text(self):
        return " ".join(f"{Reaction.EMOJI[kind]} {count}" for kind, count in self.counts)

    def html(self):
        labels = {kind.value: kind.label for kind in Reaction.Kind}
        parts = format_html_join(
            " ",
            '<span class="text-nowrap" title="{}"><span aria-hidden="true">{}</span>'
            ' <span class="visually-hidden">{}:</span> {}</span>',
            ((labels[kind], mark_safe(_EMOJI_HTML[kind]), labels[kind], count) for kind, count in self.counts),
        )
        return format_html('<span class="post-reactions small mt-2 me-2">{}</span>', parts)


def card_reactions(post_ids) -> dict[int, Mark]:
    """{post id: CardReactions} for the posts with reactions of their own (one query)."""
    rows = (
        Reaction.objects.filter(post_id__in=post_ids, comment=None)
        .values("post_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = {}
    for row in rows:
        found.setdefault(row["post_id"], {})[row["kind"]] = row["n"]
    return {
        post_id: CardReactions(tuple((kind, counts[kind]) for kind in KINDS if kind in counts))
        for post_id, counts in found.items()
    }
