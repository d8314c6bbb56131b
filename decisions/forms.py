"""The forms of proposals and agreements: they validate what a person typed; decisions.services
checks the rules again inside its transaction (a form may be stale by the time it arrives)."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import User

from .models import MAX_PROPOSAL_LENGTH, MAX_REASON_LENGTH, Response, earliest_deadline
from .services import check_deadline, check_due_date, check_owner

MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


def default_deadline(now=None):
    """One week ahead, at five in the afternoon: a whole working week to answer."""
    day = timezone.localdate(now) + datetime.timedelta(days=7)
    deadline = datetime.datetime.combine(day, datetime.time(17, 0), tzinfo=timezone.get_current_timezone())
    return max(deadline, earliest_deadline(now))


def _moment_field(label, help_text):
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=MOMENT_FORMATS,
        help_text=help_text,
    )


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
        help_text=help_text,
    )


class ProposalForm(forms.Form):
    body = forms.CharField(
        label=_("Wat stel je precies voor?"),
        max_length=MAX_PROPOSAL_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Kort en concreet: dit is waar collega's akkoord op geven. Het mag anders zijn dan het bericht."),
    )
    deadline = _moment_field(_("Antwoorden kan tot"), _("Standaard een week; minstens twee werkdagen vooruit."))
    departments = forms.MultipleChoiceField(
        label=_("Afdelingen die het vooral aangaat"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Zij krijgen een melding. Iedereen die het bericht kan lezen mag antwoorden."),
    )
    people = forms.CharField(
        label=_("Collega's die het vooral aangaat"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"class": "js-mentions", "autocomplete": "off"}),
        help_text=_("Met @ ervoor, bijvoorbeeld: @wilma @bas. Zij krijgen een melding."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].choices = [(name, name) for name in User.objects.departments()]
        self.fields["deadline"].initial = timezone.localtime(default_deadline()).replace(tzinfo=None)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        check_deadline(deadline)
        return deadline

    def clean_people(self):
        names = {name.lower() for name in re.findall(r"@?([\w.\-]+)", self.cleaned_data["people"])}
        found = list(User.objects.filter(username__in=names, is_active=True))
        unknown = names - {person.username for person in found}
        if unknown:
            raise ValidationError(
                _("Deze collega's kennen we niet: %(names)s") % {"names": ", ".join(sorted(unknown))}, code="unknown"
            )
        return found


class AmendForm(forms.Form):
    body = ProposalForm.base_fields["body"]
    deadline = ProposalForm.base_fields["deadline"]

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        check_deadline(deadline)
        return deadline


class ResponseForm(forms.Form):
    choice = forms.ChoiceField(label=_("Je antwoord"), choices=Response.Choice.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reden (nodig bij bezwaar)"),
        required=False,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat zou er beter moeten? De indiener gaat erop in."),
    )

    def clean(self):
        data = super().clean()
        if data.get("choice") == Response.Choice.OBJECT and not data.get("reason", "").strip():
            self.add_error("reason", _("Schrijf erbij wat je bezwaar is, dan kan de indiener erop ingaan."))
        return data


class ResolveForm(forms.Form):
    answer_text = forms.CharField(
        label=_("Je antwoord op dit bezwaar"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Komt als reactie in het gesprek; daarna telt het bezwaar als opgelost."),
    )


class NoteForm(forms.Form):
    """Withdraw, reject, mark done: an optional short note."""

    note = forms.CharField(label=_("Toelichting (mag leeg)"), required=False, max_length=500)


class DropForm(forms.Form):
    note = forms.CharField(label=_("Waarom vervalt de afspraak?"), max_length=500)


class AgreementForm(forms.Form):
    body = forms.CharField(
        label=_("Wat is er afgesproken?"),
        max_length=MAX_PROPOSAL_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    owner = forms.ModelChoiceField(
        label=_("Eigenaar"),
        queryset=User.objects.none(),
        help_text=_("De collega die ervoor zorgt dat het gebeurt. Die krijgt een melding en herinneringen."),
    )
    due_date = _date_field(_("Klaar op"))
    review_date = _date_field(_("Evalueren op"), required=False, help_text=_("Mag leeg."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only active colleagues are offered; one who left since the page was opened is still
        # recognised, and gets a clear message instead of "not a valid choice".
        owner = self.fields["owner"]
        owner.queryset = User.objects.all()
        owner.choices = [("", "---------")] + [(person.pk, person.name) for person in User.objects.for_directory()]

    def clean_owner(self):
        owner = self.cleaned_data["owner"]
        check_owner(owner)
        return owner

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        check_due_date(due_date)
        return due_date

    def clean(self):
        data = super().clean()
        due, review = data.get("due_date"), data.get("review_date")
        if due and review and review < due:
            self.add_error("review_date", _("Evalueren kan pas als het klaar is: kies een datum na de einddatum."))
        return data
