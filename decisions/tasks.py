"""Background work of the decisions app, run by `manage.py db_worker` at the planned moment."""

import datetime

from django_tasks import task

from . import followup


@task()
def close_round_task(proposal_id, version):
    from .services import close_round

    proposal = close_round(proposal_id, version)
    return proposal.stage if proposal else "nothing to close"


@task()
def remind_round_task(proposal_id, version):
    return "reminded" if followup.remind_round(proposal_id, version) else "nothing to remind"


@task()
def follow_up_agreement_task(agreement_id, planned):
    return followup.run_planned_followup(agreement_id, datetime.datetime.fromisoformat(planned))
