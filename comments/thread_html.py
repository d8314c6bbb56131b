"""The HTML of a post's thread, written with format strings rather than a template, in two steps.

Why here: a thread of 1,000 comments spent 400 ms in the template engine (about thirty variable
lookups and five filters per comment, for every reader). These few string formats take a few
microseconds per comment. It is the one place Blognet writes markup in Python: every value is
escaped here (escape() on each text, the head and words are format_html output), and the body is
the stored HTML from blognet.markup.

1. shared(): each comment's <li>, the same for every signed-in reader (and one version for
   anonymous readers), cached as a fragment (blogs.fragments) for the content as it is now.
2. Reader.fill(): what differs per reader or per moment goes in slots, an HTML comment each,
   filled at every request: how long ago a comment was written or edited, "nieuw" since the
   reader's previous visit, their reactions, the edit and remove links on their own comments
   (and on all for the blog's moderators), the restore form, the reply form.
"""

import datetime
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .threads import Moments

_ITEM = (
    '<li id="comment-{pk}" class="comment indent-{indent}{removed_class}">'
    '<article aria-labelledby="comment-{pk}-author">'
    '<header class="d-flex align-items-center gap-2 flex-wrap small">'
    '<span id="comment-{pk}-author" class="d-inline-flex align-items-center gap-2 flex-wrap">{head}</span>'
    "{badge}"
    '<a class="text-body-secondary" href="#comment-{pk}">'
    '<time datetime="{created_iso}" title="{created_title}"><!--c:ago:{pk}::{created_at}--></time></a>'
    "{edited}"
    "</header>{content}{reply}\n    </article>\n  </li>"
)
_EDITED = '<span class="text-body-secondary" title="{}">({})</span>'
_REMOVED = '<p class="fst-italic text-body-secondary mb-1">{}</p>'
_RESTORE = (
    '<form method="post" action="{}" class="small"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
    '<button type="submit" class="btn btn-link btn-sm px-0">{}</button></form>'
)
_BODY = '<div class="comment-body">{}</div>'
_REPLY = '<a href="?reply_to={pk}#reply-{pk}" class="js-reply" data-comment="{pk}" data-name="{name}">{label}</a>'
_ACTIONS = '<div class="comment-actions d-flex flex-wrap align-items-center gap-3 small">{}</div>'

# A slot: <!--c:kind:comment id:a person's id:moment-->. All are numbers (the moment a timestamp),
# so no user text can make or break one.
_SLOT = re.compile(r"<!--c:(ago|edited|new|react|own|restore|reply):(\d+):(\d*):([\d.]*)-->")


@dataclass
class SharedEntry:
    """One comment's shared HTML, with what the thread needs to place a proposal's steps."""

    pk: int
    depth: int
    created_at: object
    html: str


def shared(entries, *, signed_in):
    """Each entry's <li> with its slots; `signed_in` readers get actions, the others counts only."""
    words = {
        "reply": escape(_("Reageren")),
        "removed": format_html(_REMOVED, _("Deze reactie is verwijderd.")),
    }
    shared_entries = []
    for entry in entries:
        comment, pk = entry.comment, entry.comment.pk
        edited = ""
        if entry.edited and not comment.removed_at:
            edited = _EDITED.format(
                escape(entry.edited.title), f"<!--c:edited:{pk}::{comment.edited_at.timestamp()}-->"
            )
        if comment.removed_at:
            content = words["removed"] + (f"<!--c:restore:{pk}:{comment.removed_by_id or ''}:-->" if signed_in else "")
        else:
            content = _BODY.format(comment.body_html) + _actions(comment, words, signed_in)
        html = _ITEM.format(
            pk=pk,
            indent=entry.indent,
            removed_class=" comment-removed" if comment.removed_at else "",
            head=entry.head,
            badge=f"<!--c:new:{pk}:{comment.author_id or ''}:{comment.created_at.timestamp()}-->" if signed_in else "",
            created_iso=escape(entry.created.iso),
            created_title=escape(entry.created.title),
            created_at=comment.created_at.timestamp(),
            edited=edited,
            content=content,
            reply=f"<!--c:reply:{pk}::-->" if signed_in else "",  # the reply form, when asked for
        )
        shared_entries.append(SharedEntry(pk, entry.depth, comment.created_at, html))
    return shared_entries


def _actions(comment, words, signed_in):
    pk = comment.pk
    if not signed_in:
        return f"<!--c:react:{pk}::-->"
    reply = _REPLY.format(pk=pk, name=escape(comment.writer.name), label=words["reply"])
    return _ACTIONS.format(f"<!--c:react:{pk}::-->{reply}<!--c:own:{pk}:{comment.author_id or ''}:-->")


class Reader:
    """Fills the slots of shared thread HTML for one reader on one post page.

    The rules are Comment's (can_be_edited_by, can_be_removed_by, can_be_restored_by), asked of
    the facts in the slot: the writer's own comments may be edited and removed by them, removed
    comments restored by who removed them, and the blog's moderators may remove and restore all.
    """

    def __init__(self, *, reader, post, previous_visit, csrf_token, reactions, reply_to=None, reply_form=None):
        self.reader_id = str(reader.pk) if reader.is_authenticated else None
        self.moderates = post.blog.is_moderated_by(reader)
        self.previous_visit = previous_visit.timestamp() if previous_visit else None
        self.moments = Moments()
        self.now = self.moments.now.timestamp()
        self.edited_now = escape(_("zojuist bewerkt"))
        self.edited_ago = _("bewerkt %(ago)s")  # "bewerkt 3 uur geleden"
        self.csrf_token = escape(csrf_token or "")
        self.tallies, self.bar = reactions  # comments.reactions.PostReactions and its Bar
        self.reply_to = str(reply_to) if reply_to else None
        self.reply_form = reply_form  # render(parent_id) -> HTML of the reply form, asked for reply_to only
        self.new = format_html('<span class="badge text-bg-primary">{}</span>', _("nieuw"))
        self.words = {key: escape(_(word)) for key, word in (("edit", "Bewerken"), ("remove", "Verwijderen"))}
        self.restore = escape(_("Terugzetten"))
        # One reverse() per kind of link, the id filled in per comment.
        self.urls = {name: reverse(f"comments:comment_{name}", args=[0]) for name in ("edit", "remove", "restore")}

    def url(self, name, pk):
        return self.urls[name].replace("/0/", f"/{pk}/")

    def ago_of(self, timestamp):
        return self.moments.ago_of(datetime.timedelta(seconds=self.now - float(timestamp)))

    def fill(self, html):
        return mark_safe(_SLOT.sub(self._slot, html))  # the filling is escaped or ours, as above

    def _slot(self, slot):
        kind, pk, person, more = slot.groups()
        mine = person == self.reader_id
        if kind == "ago":
            return escape(self.ago_of(more)[0])
        if kind == "edited":
            ago, just_now = self.ago_of(more)
            return self.edited_now if just_now else escape(self.edited_ago % {"ago": ago})
        if kind == "new":
            is_new = self.previous_visit is not None and not mine and float(more) > self.previous_visit
            return self.new if is_new else ""
        if kind == "react":
            return self.bar.html(self.tallies.of(int(pk)), comment_id=int(pk), compact=True)
        if kind == "own":
            links = f'<a href="{self.url("edit", pk)}">{self.words["edit"]}</a>' if mine else ""
            if mine or self.moderates:
                links += f'<a href="{self.url("remove", pk)}">{self.words["remove"]}</a>'
            return links
        if kind == "restore":
            if not (mine or self.moderates):
                return ""
            return _RESTORE.format(self.url("restore", pk), self.csrf_token, self.restore)
        # "reply": the form under the comment the reader chose to answer
        if pk != self.reply_to:
            return ""
        return f'<div id="reply-{pk}">{self.reply_form(int(pk))}</div>'


def reply_form(*, post, form, parent, csrf_token):
    context = {"post": post, "form": form, "parent": parent, "csrf_token": csrf_token}
    return render_to_string("comments/includes/comment_form.html", context)
