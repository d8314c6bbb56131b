"""Pages and actions of proposals and agreements. Every write goes through decisions.services;
every "may they?" is asked of decisions.rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from blognet.access import reader_required
from blognet.pagination import paginate
from blogs.models import Blog, Post
from blogs.services import move_post

from . import rules, services
from .forms import AgreementForm, AmendForm, DropForm, NoteForm, ProposalForm, ResolveForm, ResponseForm
from .models import Agreement, Proposal, Response
from .register import AgreementFilterForm, agreements_csv

PER_PAGE = 25


def _readable_post(request, post_id):
    return get_object_or_404(Post.objects.published_for(request.user).select_related("blog", "author"), pk=post_id)


def _readable_proposal(request, pk):
    proposals = Proposal.objects.readable_by(request.user).select_related("post__blog", "post__author", "proposer")
    return get_object_or_404(proposals, pk=pk)


def _readable_agreement(request, pk):
    return get_object_or_404(Agreement.objects.readable_by(request.user).for_listing(), pk=pk)


def _attempt(form, action):
    """Run a service call for a valid form; a rule it refuses becomes the form's error."""
    try:
        return action()
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
def proposal_open(request, post_id):
    post = _readable_post(request, post_id)
    if hasattr(post, "proposal"):
        return redirect(post.proposal)
    if not rules.may_open(request.user, post):
        raise PermissionDenied
    form = ProposalForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        opened = _attempt(
            form,
            lambda: services.open_proposal(
                post,
                by=request.user,
                body=data["body"],
                deadline=data["deadline"],
                departments=data["departments"],
                people=data["people"],
            ),
        )
        if opened:
            messages.success(request, _("Je voorstel staat open. Collega's kunnen nu antwoorden."))
            return redirect(opened)
    status = 400 if form.is_bound else 200
    return render(request, "decisions/proposal_form.html", {"form": form, "post": post}, status=status)


@login_required
def post_move(request, post_id):
    """ "Zet op het Personeelsblog": a personal post moves there with its whole conversation."""
    post = _readable_post(request, post_id)
    target = Blog.objects.personeelsblog()
    if target is None or not rules.may_move_to_personeelsblog(request.user, post):
        raise PermissionDenied
    if request.method == "POST":
        move_post(post, target)
        messages.success(request, _("Je bericht staat nu op het Personeelsblog. Het oude adres verwijst hierheen."))
        return redirect(post)
    return render(request, "decisions/post_move.html", {"post": post, "target": target})


@login_required
def proposal_answer(request, pk):
    proposal = _readable_proposal(request, pk)
    form = ResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answered = _attempt(
            form,
            lambda: services.answer(proposal, person=request.user, choice=data["choice"], reason=data["reason"]),
        )
        if answered:
            messages.success(request, _("Je antwoord is opgeslagen. Je kunt het tot de sluiting nog wijzigen."))
            return redirect(proposal)
    status = 400 if form.is_bound else 200
    return render(request, "decisions/answer.html", {"form": form, "proposal": proposal}, status=status)


@login_required
def objection_resolve(request, pk):
    response = get_object_or_404(
        Response.objects.filter(proposal__in=Proposal.objects.readable_by(request.user)).select_related(
            "proposal__post__blog", "person"
        ),
        pk=pk,
        choice=Response.Choice.OBJECT,
    )
    proposal = response.proposal
    if not rules.may_steer(request.user, proposal):
        raise PermissionDenied
    form = ResolveForm(request.POST or None)
    if form.is_valid():
        resolved = _attempt(
            form,
            lambda: services.resolve_objection(response, by=request.user, answer_text=form.cleaned_data["answer_text"]),
        )
        if resolved:
            messages.success(request, _("Je antwoord staat in het gesprek en het bezwaar telt als opgelost."))
            return redirect(proposal)
    status = 400 if form.is_bound else 200
    return render(
        request, "decisions/resolve.html", {"form": form, "response": response, "proposal": proposal}, status=status
    )


@login_required
def proposal_amend(request, pk):
    proposal = _readable_proposal(request, pk)
    if not rules.may_steer(request.user, proposal) or not rules.is_still_open(proposal):
        raise PermissionDenied
    form = AmendForm(
        request.POST or None, initial={"body": proposal.body, "deadline": ProposalForm().fields["deadline"].initial}
    )
    if form.is_valid():
        amended = _attempt(
            form,
            lambda: services.amend(
                proposal, by=request.user, body=form.cleaned_data["body"], deadline=form.cleaned_data["deadline"]
            ),
        )
        if amended:
            messages.success(
                request,
                _("Versie %(version)s staat open. Wie al antwoordde, wordt opnieuw gevraagd.")
                % {"version": amended.version},
            )
            return redirect(amended)
    status = 400 if form.is_bound else 200
    return render(request, "decisions/amend.html", {"form": form, "proposal": proposal}, status=status)


def _ending(request, pk, *, allowed, action, template, done_message):
    proposal = _readable_proposal(request, pk)
    if not allowed(request.user, proposal) or not rules.is_still_open(proposal):
        raise PermissionDenied
    form = NoteForm(request.POST or None)
    if form.is_valid():
        ended = _attempt(form, lambda: action(proposal, by=request.user, note=form.cleaned_data["note"]))
        if ended:
            messages.success(request, done_message)
            return redirect(ended)
    return render(request, template, {"form": form, "proposal": proposal}, status=400 if form.is_bound else 200)


@login_required
def proposal_withdraw(request, pk):
    return _ending(
        request,
        pk,
        allowed=rules.may_steer,
        action=services.withdraw,
        template="decisions/withdraw.html",
        done_message=_("Je voorstel is ingetrokken. Het blijft leesbaar met zijn geschiedenis."),
    )


@login_required
def proposal_reject(request, pk):
    return _ending(
        request,
        pk,
        allowed=rules.may_reject,
        action=services.reject,
        template="decisions/reject.html",
        done_message=_("Het voorstel is afgewezen."),
    )


@login_required
def agreement_record(request, pk):
    proposal = _readable_proposal(request, pk)
    if not rules.may_record(request.user, proposal) or proposal.stage != Proposal.Stage.ACCEPTED:
        raise PermissionDenied
    if hasattr(proposal, "agreement"):
        return redirect(proposal.agreement)
    form = AgreementForm(request.POST or None, initial={"body": proposal.body})
    if form.is_valid():
        data = form.cleaned_data
        recorded = _attempt(
            form,
            lambda: services.record_agreement(
                proposal,
                by=request.user,
                body=data["body"],
                owner=data["owner"],
                due_date=data["due_date"],
                review_date=data["review_date"],
            ),
        )
        if recorded:
            messages.success(
                request, _("De afspraak is vastgelegd. %(name)s is eigenaar.") % {"name": recorded.owner.name}
            )
            return redirect(recorded)
    status = 400 if form.is_bound else 200
    return render(request, "decisions/agreement_form.html", {"form": form, "proposal": proposal}, status=status)


def _closing(request, pk, *, allowed, form_class, action, template, done_message):
    """Mark an open agreement done or dropped: the two differ in who may, the form and the words."""
    agreement = _readable_agreement(request, pk)
    if not allowed(request.user, agreement) or not rules.is_agreement_open(agreement):
        raise PermissionDenied
    form = form_class(request.POST or None)
    if form.is_valid():
        closed = _attempt(form, lambda: action(agreement, request.user, form.cleaned_data["note"]))
        if closed:
            messages.success(request, done_message)
            return redirect(closed)
    return render(request, template, {"form": form, "agreement": agreement}, status=400 if form.is_bound else 200)


@login_required
def agreement_done(request, pk):
    return _closing(
        request,
        pk,
        allowed=rules.may_mark_done,
        form_class=NoteForm,
        action=lambda agreement, by, note: services.mark_done(agreement, by=by, note=note),
        template="decisions/agreement_done.html",
        done_message=_("Gedaan! De afspraak is afgevinkt."),
    )


@login_required
def agreement_drop(request, pk):
    return _closing(
        request,
        pk,
        allowed=rules.may_drop,
        form_class=DropForm,
        action=lambda agreement, by, note: services.drop(agreement, by=by, reason=note),
        template="decisions/agreement_drop.html",
        done_message=_("De afspraak is vervallen."),
    )


@reader_required
def proposal_list(request):
    """The open proposals, the nearest deadline first, with their tallies (two queries a page)."""
    proposals = Proposal.objects.readable_by(request.user).open().for_listing().order_by("deadline", "pk")
    page = paginate(request, proposals, PER_PAGE)
    tallies = _tallies(page.object_list)
    for proposal in page:
        proposal.tally = tallies.get(proposal.pk, {})
    return render(request, "decisions/proposal_list.html", {"page": page})


def _tallies(proposals):
    """{proposal id: {choice: count}} for the current versions of `proposals`, in one query."""
    current = Q()
    for proposal in proposals:
        current |= Q(proposal_id=proposal.pk, version=proposal.version)
    if not current:
        return {}
    tallies = {}
    for row in Response.objects.filter(current).values("proposal_id", "choice").annotate(n=Count("id")):
        tallies.setdefault(row["proposal_id"], {})[row["choice"]] = row["n"]
    return tallies


@reader_required
def agreement_register(request):
    filters = AgreementFilterForm(request.GET or None)
    agreements = filters.filter(Agreement.objects.readable_by(request.user).for_listing())
    if request.GET.get("format") == "csv":
        return agreements_csv(agreements)
    page = paginate(request, agreements.order_by("due_date", "pk"), PER_PAGE)
    return render(request, "decisions/agreement_register.html", {"page": page, "filters": filters})
