"""What happens by itself: rounds closing at their deadline, and reminders, each exactly once.

Each moment is a django-tasks task queued with `run_after` when the proposal or agreement is
written; `manage.py close_due_rounds` does whatever is due and missed (a worker that was down),
and is safe to run any number of times. A reminder's Reminder row is written in the same
transaction that tells the people, so two workers, or a task and the command, send it once.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import signals
from .models import Agreement, Proposal, Reminder

ROUND_REMINDER_BEFORE = datetime.timedelta(hours=24)
DUE_SOON_DAYS = 3
OVERDUE_EVERY_DAYS = 7
MORNING = datetime.time(8, 0)  # agreement reminders arrive at the start of a working day


def _once(key):
    """True the first time `key` is claimed (inside the caller's transaction), False after."""
    try:
        with transaction.atomic():
            Reminder.objects.create(key=key)
    except IntegrityError:
        return False
    return True


def morning_of(day):
    return datetime.datetime.combine(day, MORNING, tzinfo=timezone.get_current_timezone())


# Rounds


def schedule_round(proposal):
    from .tasks import close_round_task, remind_round_task

    close_round_task.using(run_after=proposal.deadline).enqueue(proposal.pk, proposal.version)
    reminder_at = proposal.deadline - ROUND_REMINDER_BEFORE
    if reminder_at > timezone.now():
        remind_round_task.using(run_after=reminder_at).enqueue(proposal.pk, proposal.version)


@transaction.atomic
def remind_round(proposal_id, version, now=None):
    """24 hours before the deadline, once per version: the people concerned who have not answered."""
    now = now or timezone.now()
    proposal = Proposal.objects.filter(
        pk=proposal_id, version=version, stage=Proposal.Stage.OPEN, deadline__gt=now
    ).first()
    if proposal is None or proposal.deadline - now > ROUND_REMINDER_BEFORE:
        return False
    if not _once(f"round:{proposal.pk}:v{version}"):
        return False
    signals.round_ending.send(sender=Proposal, proposal=proposal)
    return True


# Agreements


def schedule_agreement(agreement):
    agreement.followup_at = next_followup(agreement, timezone.localdate())
    Agreement.objects.filter(pk=agreement.pk).update(followup_at=agreement.followup_at)
    if agreement.followup_at:
        from .tasks import follow_up_agreement_task

        follow_up_agreement_task.using(run_after=agreement.followup_at).enqueue(
            agreement.pk, agreement.followup_at.isoformat()
        )


def next_followup(agreement, today):
    """The morning of the next reminder after `today`, or None when none is left."""
    moments = []
    soon = agreement.due_date - datetime.timedelta(days=DUE_SOON_DAYS)
    if agreement.state == Agreement.State.OPEN:
        if today < soon and _announced_before(agreement, soon):
            moments.append(soon)
        first_overdue = agreement.due_date + datetime.timedelta(days=1)
        if today < first_overdue:
            moments.append(first_overdue)
        else:
            weeks = (today - first_overdue).days // OVERDUE_EVERY_DAYS + 1
            moments.append(first_overdue + datetime.timedelta(days=weeks * OVERDUE_EVERY_DAYS))
    if agreement.review_date and agreement.state != Agreement.State.DROPPED and today < agreement.review_date:
        moments.append(agreement.review_date)
    return morning_of(min(moments)) if moments else None


def _announced_before(agreement, soon):
    # Recorded less than three days before it is due, the owner was just told; no "soon" as well.
    return timezone.localdate(agreement.recorded_at) < soon


@transaction.atomic
def follow_up(agreement, today=None):
    """Send what is due for `agreement` today and was not sent yet; the moments sent."""
    today = today or timezone.localdate()
    agreement = Agreement.objects.select_related("proposal__post", "owner").get(pk=agreement.pk)
    sent = []
    if agreement.state == Agreement.State.OPEN:
        soon = agreement.due_date - datetime.timedelta(days=DUE_SOON_DAYS)
        if soon <= today <= agreement.due_date and _announced_before(agreement, soon):
            if _once(f"due:{agreement.pk}:{agreement.due_date}"):
                sent.append("soon")
        if today > agreement.due_date:
            week = (today - agreement.due_date - datetime.timedelta(days=1)).days // OVERDUE_EVERY_DAYS
            if _once(f"overdue:{agreement.pk}:{agreement.due_date}:{week}"):
                sent.append("overdue")
    review = agreement.review_date
    if review and agreement.state != Agreement.State.DROPPED and review <= today:
        if _once(f"review:{agreement.pk}:{review}"):
            sent.append("review")
    for moment in sent:
        signals.agreement_due.send(sender=Agreement, agreement=agreement, moment=moment)
    return sent


def run_planned_followup(agreement_id, planned, today=None):
    """The task's work: send what is due, then plan the next reminder, claimed by a conditional
    update so that a task run twice (a worker killed and its task run again) plans it once."""
    agreement = Agreement.objects.filter(pk=agreement_id).first()
    if agreement is None:
        return "gone"
    today = today or timezone.localdate()
    follow_up(agreement, today)
    agreement.refresh_from_db()
    following = next_followup(agreement, today)
    with transaction.atomic():
        claimed = Agreement.objects.filter(pk=agreement_id, followup_at=planned).update(followup_at=following)
        if claimed and following:
            from .tasks import follow_up_agreement_task

            follow_up_agreement_task.using(run_after=following).enqueue(agreement_id, following.isoformat())
    return "planned" if claimed else "already planned"


# Catching up


def catch_up(now=None):
    """Everything due and not done: what `manage.py close_due_rounds` runs. Counts per step."""
    from .services import close_round

    now = now or timezone.now()
    today = timezone.localdate(now)
    done = {"closed": 0, "reminded": 0, "agreement_reminders": 0}
    due = Proposal.objects.open().filter(deadline__lte=now).values_list("pk", "version")
    for pk, version in list(due):
        done["closed"] += close_round(pk, version, now=now) is not None
    ending = Proposal.objects.open().filter(deadline__gt=now, deadline__lte=now + ROUND_REMINDER_BEFORE)
    for pk, version in list(ending.values_list("pk", "version")):
        done["reminded"] += remind_round(pk, version, now=now)
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    waiting = Agreement.objects.filter(state=Agreement.State.OPEN, due_date__lte=soon) | Agreement.objects.exclude(
        state=Agreement.State.DROPPED
    ).filter(review_date__lte=today)
    for agreement in waiting.distinct():
        done["agreement_reminders"] += len(follow_up(agreement, today))
    return done
