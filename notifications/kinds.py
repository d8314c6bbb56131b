"""Every kind of notification, declared once: adding a kind is one entry in KINDS.

The order of KINDS is the precedence: one event gives a person one notification, of the first
kind that applies to them. A kind's sentence names the actor and the post; its e-mail uses the
shared templates unless it names its own. E-mail preferences are stored per kind key
(EmailPreference.kinds), so a new kind needs no schema change; a stored kind that is no longer
declared still shows, with a general sentence.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # on the e-mail preferences page: "mail me ..."
    sentence: str  # with %(actor)s and %(title)s
    email_by_default: bool
    anchor: str = ""  # where on the post page it points, when not at a comment
    email_text_template: str = "notifications/email.txt"
    email_html_template: str = "notifications/email.html"

    def describe(self, notification):
        return self.sentence % {"actor": notification.actor.name, "title": notification.post.title}


@dataclass(frozen=True)
class BundledKind(Kind):
    """A kind told in one notification per item however many people it is about: while unread, the
    notification is updated in place with the newest actor and Notification.actor_count."""

    sentence_on_comment: str = ""
    bundled: str = ""  # ngettext_lazy(..., "others"), with %(actor)s, %(others)s and %(title)s
    bundled_on_comment: str = ""

    def describe(self, notification):
        others = notification.actor_count - 1
        values = {"actor": notification.actor.name, "title": notification.post.title, "others": others}
        on_comment = bool(notification.comment_id)
        if others < 1:
            return (self.sentence_on_comment if on_comment else self.sentence) % values
        return (self.bundled_on_comment if on_comment else self.bundled) % values


REPLY = Kind(
    "reply",
    _("als iemand op mijn reactie antwoordt"),
    _("%(actor)s antwoordde op je reactie bij „%(title)s”"),
    email_by_default=True,
)
MENTION = Kind(
    "mention",
    _("als iemand mij noemt"),
    _("%(actor)s noemde je in „%(title)s”"),
    email_by_default=True,
)
COMMENT = Kind(
    "comment",
    _("als iemand op mijn bericht reageert"),
    _("%(actor)s reageerde op je bericht „%(title)s”"),
    # On: a writer who is not told misses the conversation about their own post (issue 13).
    email_by_default=True,
)
FOLLOWED = Kind(
    "followed",
    _("bij nieuwe reacties op berichten die ik volg"),
    _("%(actor)s reageerde op „%(title)s”, dat je volgt"),
    email_by_default=False,
)
# Follows of colleagues and blogs (issue 10): a new post by someone or on a blog you follow.
NEW_POST = Kind(
    "new_post",
    _("bij een nieuw bericht van een collega of een blog die ik volg"),
    _("%(actor)s schreef een nieuw bericht: „%(title)s”"),
    email_by_default=False,
)
# Reactions (comments.reactions): one notification per post or comment, however many react.
REACTION = BundledKind(
    "reaction",
    _("als iemand met een emoji reageert op mijn bericht of reactie"),
    _("%(actor)s reageerde met een emoji op je bericht „%(title)s”"),
    email_by_default=False,
    anchor="reacties",
    sentence_on_comment=_("%(actor)s reageerde met een emoji op je reactie bij „%(title)s”"),
    bundled=ngettext_lazy(
        "%(actor)s en %(others)s ander reageerden met een emoji op je bericht „%(title)s”",
        "%(actor)s en %(others)s anderen reageerden met een emoji op je bericht „%(title)s”",
        "others",
    ),
    bundled_on_comment=ngettext_lazy(
        "%(actor)s en %(others)s ander reageerden met een emoji op je reactie bij „%(title)s”",
        "%(actor)s en %(others)s anderen reageerden met een emoji op je reactie bij „%(title)s”",
        "others",
    ),
)

# Decisions (decisions/): proposals, consent rounds and agreements.
PROPOSAL_OPENED = Kind(
    "proposal_opened",
    _("als er een voorstel komt dat mij of mijn afdeling aangaat"),
    _("%(actor)s doet een voorstel: „%(title)s”. Geef je antwoord"),
    email_by_default=True,
    anchor="voorstel",
)
PROPOSAL_AMENDED = Kind(
    "proposal_amended",
    _("als een voorstel waarop ik antwoordde is aangepast"),
    _("%(actor)s paste het voorstel „%(title)s” aan: geef opnieuw je antwoord"),
    email_by_default=True,
    anchor="voorstel",
)
ROUND_ENDING = Kind(
    "round_ending",
    _("een dag voor de sluiting van een voorstel waarop ik nog niet antwoordde"),
    _("Nog 24 uur om te antwoorden op het voorstel „%(title)s”"),
    email_by_default=True,
    anchor="voorstel",
)
OBJECTION = Kind(
    "objection",
    _("als iemand bezwaar maakt tegen mijn voorstel"),
    _("%(actor)s maakt bezwaar tegen je voorstel „%(title)s”"),
    email_by_default=True,
    anchor="voorstel",
)
PROPOSAL_ACCEPTED = Kind(
    "proposal_accepted",
    _("als een voorstel waarop ik antwoordde is afgerond"),
    _("Het voorstel „%(title)s” is aangenomen"),
    email_by_default=False,
    anchor="voorstel",
)
PROPOSAL_RETURNED = Kind(
    "proposal_returned",
    _("als mijn voorstel terugkomt met open bezwaren"),
    _("Het voorstel „%(title)s” heeft nog open bezwaren: pas het aan of trek het in"),
    email_by_default=True,
    anchor="voorstel",
)
PROPOSAL_ENDED = Kind(
    "proposal_ended",
    _("als een voorstel waarop ik antwoordde wordt ingetrokken of afgewezen"),
    _("Het voorstel „%(title)s” is ingetrokken of afgewezen"),
    email_by_default=False,
    anchor="voorstel",
)
AGREEMENT_ASSIGNED = Kind(
    "agreement_assigned",
    _("als ik eigenaar word van een afspraak"),
    _("%(actor)s maakte je eigenaar van de afspraak bij „%(title)s”"),
    email_by_default=True,
    anchor="afspraak",
)
AGREEMENT_DUE = Kind(
    "agreement_due",
    _("drie dagen voordat mijn afspraak klaar moet zijn"),
    _("Over drie dagen moet de afspraak bij „%(title)s” klaar zijn"),
    email_by_default=True,
    anchor="afspraak",
)
AGREEMENT_OVERDUE = Kind(
    "agreement_overdue",
    _("elke week dat mijn afspraak te laat is"),
    _("De afspraak bij „%(title)s” is te laat: meld hem als gedaan of spreek iets nieuws af"),
    email_by_default=True,
    anchor="afspraak",
)
AGREEMENT_REVIEW = Kind(
    "agreement_review",
    _("op de evaluatiedatum van een afspraak"),
    _("Tijd om de afspraak bij „%(title)s” te evalueren"),
    email_by_default=True,
    anchor="afspraak",
)

KINDS = [
    REPLY,
    MENTION,
    COMMENT,
    FOLLOWED,
    NEW_POST,
    REACTION,
    PROPOSAL_OPENED,
    PROPOSAL_AMENDED,
    ROUND_ENDING,
    OBJECTION,
    PROPOSAL_ACCEPTED,
    PROPOSAL_RETURNED,
    PROPOSAL_ENDED,
    AGREEMENT_ASSIGNED,
    AGREEMENT_DUE,
    AGREEMENT_OVERDUE,
    AGREEMENT_REVIEW,
]
_BY_KEY = {kind.key: kind for kind in KINDS}

# What a notification of a kind no longer declared (or mistyped) shows: never an error.
UNKNOWN = Kind("", _("overige meldingen"), _("%(actor)s schreef iets bij „%(title)s”"), email_by_default=False)


def kind_named(key):
    """The declared kind with this key, or UNKNOWN."""
    return _BY_KEY.get(key, UNKNOWN)


def is_declared(key):
    return key in _BY_KEY
