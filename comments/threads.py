"""Building a post's conversation: one query, one pass in Python, no recursion.

A long thread is rendered for every reader, so what each comment shows is prepared here once per
distinct value: the avatar and name of each author, the date of each day, how long ago each
whole day is. The template then only places ready strings (a thousand comments in tens of ms).
"""

from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from people.models import User
from people.templatetags.people_tags import avatar

from .models import Comment

MAX_INDENT = 5
# What a thread shows of a comment and of its author.
SHOWN = [
    "post",
    "parent",
    "author",
    "guest_name",
    "body_html",
    "render_version",
    "created_at",
    "edited_at",
    "removed_at",
    "removed_by",
]
AUTHOR = ["username", "display_name", "first_name", "last_name", "avatar", "avatar_thumbnail", "is_active"]
MINUTE, HOUR, DAY = (timezone.timedelta(minutes=1), timezone.timedelta(hours=1), timezone.timedelta(days=1))


@dataclass
class Moment:
    iso: str  # for <time datetime>
    title: str  # "maandag 30 november 2026, 14:05"
    ago: str  # "3 uur geleden", or "zojuist" within the minute
    just_now: bool = False


@dataclass
class ThreadEntry:
    comment: Comment
    depth: int  # the real depth: 0 for a comment on the post itself
    indent: int  # the shown depth, capped at MAX_INDENT
    head: str  # avatar, name and "in reply to", the same for every reader
    created: Moment
    edited: Moment | None = None
    replying_to: object = None  # the parent's author, shown as "in reply to" beyond MAX_INDENT


class Moments:
    """Formats moments for one rendering, remembering each day's date and each whole day's "ago"."""

    def __init__(self):
        self.now = timezone.now()
        self.days = {}
        self.ago = {}

    def __call__(self, moment):
        local = timezone.localtime(moment)
        day = local.date()
        if day not in self.days:
            self.days[day] = date_format(local, "l j F Y")
        ago, just_now = self.ago_of(self.now - moment)
        return Moment(iso=local.isoformat(), title=f"{self.days[day]}, {local:%H:%M}", ago=ago, just_now=just_now)

    def ago_of(self, age):
        """("3 uur geleden", False) for an age, or ("zojuist", True) within the minute."""
        # "3 uur geleden", not "3 uur, 12 minuten geleden": rounded to the largest unit, so one
        # text serves every comment of that hour or day.
        for unit in (DAY, HOUR, MINUTE):
            if age >= unit:
                age = unit * (age // unit)
                break
        else:
            age = timezone.timedelta(0)
        if age not in self.ago:
            # naturaltime says "nu" within the minute, which reads oddly in "(bewerkt nu)".
            self.ago[age] = naturaltime(self.now - age) if age else _("zojuist")
        return self.ago[age], not age


def _head(author, replying_to):
    """Avatar, name and "in reply to": the same for every comment of this author at this place."""
    if author.pk is None:  # an ImportedGuest: no profile to link to, and marked as from the import
        head = format_html(
            '{} <span class="fw-semibold comment-author">{}</span> <span class="badge text-bg-light border" '
            'title="{}">{}</span>',
            avatar(author, 32),
            author.name,
            _("Overgezet van een oude blog; geen collega met een account."),
            _("uit de import"),
        )
    else:
        head = format_html(
            '{} <a class="fw-semibold comment-author" href="{}">{}</a>',
            avatar(author, 32),
            author.get_absolute_url(),
            author.name,
        )
    if replying_to:
        answer = _("in reactie op %(name)s") % {"name": replying_to.name}
        head += format_html(' <span class="text-body-secondary">{}</span>', answer)
    return head


def thread_for(post):
    """The post's comments in reading order, each reply below the comment it answers, the same for
    every reader (what a reader may do to each is filled in by comments.thread_html)."""
    comments = list(Comment.objects.filter(post=post).only(*SHOWN).order_by("created_at", "id"))
    # Each author loaded once, not once per comment: a long thread has few distinct writers.
    authors = User.objects.only(*AUTHOR).in_bulk({comment.author_id for comment in comments} - {None})
    children = {}
    for comment in comments:
        comment.post = post  # one post (and blog) instance for all: no query per comment
        if comment.author_id:
            comment.author = authors[comment.author_id]
        children.setdefault(comment.parent_id, []).append(comment)
    by_id = {comment.pk: comment for comment in comments}
    heads, moments = {}, Moments()
    entries = []
    # An explicit stack instead of recursion: a chain 1,000 replies deep is no problem.
    stack = [(comment, 0) for comment in reversed(children.get(None, []))]
    while stack:
        comment, depth = stack.pop()
        parent = by_id.get(comment.parent_id)
        replying_to = parent.writer if parent and depth > MAX_INDENT else None
        key = (comment.author_id or comment.guest_name, replying_to.name if replying_to else None)
        if key not in heads:
            heads[key] = _head(comment.writer, replying_to)
        entries.append(
            ThreadEntry(
                comment=comment,
                depth=depth,
                indent=min(depth, MAX_INDENT),
                head=heads[key],
                created=moments(comment.created_at),
                edited=moments(comment.edited_at) if comment.edited_at else None,
                replying_to=replying_to,
            )
        )
        stack.extend((reply, depth + 1) for reply in reversed(children.get(comment.pk, [])))
    return entries
