"""Every kind of notification, declared once: adding a kind is one entry in KINDS.

The order of KINDS is the precedence: one event gives a person one notification, of the first
kind that applies to them. A kind's sentence names the actor and the post; its e-mail uses the
shared templates unless it names its own. E-mail preferences are stored per kind key
(EmailPreference.kinds), so a new kind needs no schema change; a stored kind that is no longer
declared still shows, with a general sentence.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # on the e-mail preferences page: "mail me ..."
    sentence: str  # with %(actor)s and %(title)s
    email_by_default: bool
    email_text_template: str = "notifications/email.txt"
    email_html_template: str = "notifications/email.html"

    def describe(self, notification):
        return self.sentence % {"actor": notification.actor.name, "title": notification.post.title}


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
    email_by_default=False,
)
FOLLOWED = Kind(
    "followed",
    _("bij nieuwe reacties op berichten die ik volg"),
    _("%(actor)s reageerde op „%(title)s”, dat je volgt"),
    email_by_default=False,
)

KINDS = [REPLY, MENTION, COMMENT, FOLLOWED]
_BY_KEY = {kind.key: kind for kind in KINDS}

# What a notification of a kind no longer declared (or mistyped) shows: never an error.
UNKNOWN = Kind("", _("overige meldingen"), _("%(actor)s schreef iets bij „%(title)s”"), email_by_default=False)


def kind_named(key):
    """The declared kind with this key, or UNKNOWN."""
    return _BY_KEY.get(key, UNKNOWN)


def is_declared(key):
    return key in _BY_KEY
