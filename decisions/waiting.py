"""What waits for a person: proposals they have not answered and agreements of theirs that are due.

Shown on the front page ("Wacht op jou") and in the digest; two bounded queries each.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import Agreement, Proposal, Response

SHOWN = 5
DUE_WITHIN = datetime.timedelta(days=7)
# A line shows a title, a date and a link: only those columns are read (on every front page; a
# post's text is kilobytes, and compiling fewer columns is a good part of these queries' cost).
POST_SHOWN = ["title", "slug", "blog__slug"]


@dataclass
class Waiting:
    proposals: list
    agreements: list

    def __bool__(self):
        return bool(self.proposals or self.agreements)


def waiting_for(user, now=None):
    if not user.is_authenticated:
        return Waiting([], [])
    now = now or timezone.now()
    answered = Response.objects.filter(proposal=OuterRef("pk"), version=OuterRef("version"), person=user)
    proposals = (
        Proposal.objects.readable_by(user)
        .open()
        .filter(deadline__gt=now)
        .exclude(Exists(answered))
        .select_related("post__blog")
        .only("deadline", "stage", *(f"post__{name}" for name in POST_SHOWN))
        .order_by("deadline", "pk")[:SHOWN]
    )
    due = timezone.localdate(now) + DUE_WITHIN
    agreements = (
        Agreement.objects.readable_by(user)
        .filter(owner=user, state=Agreement.State.OPEN, due_date__lte=due)
        .select_related("proposal__post__blog")
        .only("due_date", "state", *(f"proposal__post__{name}" for name in POST_SHOWN))
        .order_by("due_date", "pk")[:SHOWN]
    )
    return Waiting(list(proposals), list(agreements))
