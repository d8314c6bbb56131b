"""The state of a post that is a proposal, as blogs lists show it (see blogs/marks.py)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from blogs.marks import Mark

from .models import Agreement, Proposal


def time_left(deadline, now=None):
    """ "nog 3 dagen", "nog 5 uur", "nog minder dan een uur" until `deadline`."""
    left = deadline - (now or timezone.now())
    if left.total_seconds() <= 0:
        return _("gesloten")
    if left.days >= 1:
        return ngettext("nog %(n)s dag", "nog %(n)s dagen", left.days) % {"n": left.days}
    hours = int(left.total_seconds() // 3600)
    if hours >= 1:
        return ngettext("nog %(n)s uur", "nog %(n)s uur", hours) % {"n": hours}
    return _("nog minder dan een uur")


def decision_marks(post_ids):
    """{post id: Mark} for the posts that are proposals (one query for a whole list)."""
    proposals = Proposal.objects.filter(post_id__in=post_ids).select_related("agreement__owner")
    return {proposal.post_id: mark_for(proposal) for proposal in proposals}


def mark_for(proposal, today=None):
    agreement = getattr(proposal, "agreement", None)
    if agreement is not None:
        text = _("Afspraak · %(owner)s · %(due)s") % {
            "owner": agreement.owner.name,
            "due": date_format(agreement.due_date, "j F"),
        }
        if agreement.state != Agreement.State.OPEN or agreement.is_overdue(today):
            text += f" · {agreement.shown_state(today)}"
        return Mark(text, "text-bg-success" if agreement.state == Agreement.State.DONE else "text-bg-primary")
    if proposal.stage == Proposal.Stage.OPEN:
        return Mark(_("Voorstel · %(left)s") % {"left": time_left(proposal.deadline)}, "text-bg-warning")
    return Mark(_("Voorstel · %(stage)s") % {"stage": proposal.get_stage_display().lower()})
