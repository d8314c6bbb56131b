"""Domain signals of the decisions app; notifications connects to them and decides who is told.

proposal_opened(proposal): a post became a proposal.
objection_raised(response): someone answered "bezwaar" (or changed their reason).
proposal_amended(proposal, asked): version N+1; `asked` are the people who answered version N.
round_closed(proposal, by): the round ended; proposal.stage says how (aangenomen, terug,
    ingetrokken, afgewezen); `by` who ended it, None when the deadline did.
round_ending(proposal): 24 hours before the deadline, once per version.
agreement_recorded(agreement): an accepted proposal got its agreement and owner.
agreement_due(agreement, moment): once per moment; "soon" (three days before the due date),
    "overdue" (the day after it, then weekly), "review" (on the review date).
"""

from django.dispatch import Signal

proposal_opened = Signal()
objection_raised = Signal()
proposal_amended = Signal()
round_closed = Signal()
round_ending = Signal()
agreement_recorded = Signal()
agreement_due = Signal()
