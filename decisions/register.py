"""The agreements register: its filters and its CSV download (the page and the feed use them)."""

import csv
import datetime

from django import forms
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blogs.models import Blog
from people.models import User

from .models import Agreement

STATE_CHOICES = [
    ("", gettext_lazy("Alle")),
    ("open", gettext_lazy("Open")),
    ("te-laat", gettext_lazy("Te laat")),
    ("gedaan", gettext_lazy("Gedaan")),
    ("vervallen", gettext_lazy("Vervallen")),
]


class AgreementFilterForm(forms.Form):
    state = forms.ChoiceField(label=gettext_lazy("Stand"), choices=STATE_CHOICES, required=False)
    owner = forms.CharField(label=gettext_lazy("Eigenaar"), required=False, max_length=100)
    department = forms.ChoiceField(label=gettext_lazy("Afdeling van de eigenaar"), required=False)
    blog = forms.ModelChoiceField(
        label=gettext_lazy("Blog"),
        queryset=Blog.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Alle blogs"),
    )
    month = forms.DateField(
        label=gettext_lazy("Klaar in de maand"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blog"].queryset = Blog.objects.filter(kind=Blog.Kind.SHARED)
        self.fields["department"].choices = [("", _("Alle afdelingen"))] + [
            (name, name) for name in User.objects.departments()
        ]

    def filter(self, agreements):
        if not self.is_valid():
            return agreements
        data, today = self.cleaned_data, timezone.localdate()
        state = data["state"]
        if state == "te-laat":
            agreements = agreements.overdue(today)
        elif state == "open":
            agreements = agreements.filter(state=Agreement.State.OPEN, due_date__gte=today)
        elif state:
            agreements = agreements.filter(state=state)
        if data["owner"]:
            name = data["owner"].strip().lstrip("@")
            agreements = agreements.filter(Q(owner__username__iexact=name) | Q(owner__display_name__icontains=name))
        if data["department"]:
            agreements = agreements.filter(owner__department=data["department"])
        if data["blog"]:
            agreements = agreements.filter(proposal__post__blog=data["blog"])
        if data["month"]:
            first = data["month"].replace(day=1)
            following = (first + datetime.timedelta(days=32)).replace(day=1)
            agreements = agreements.filter(due_date__gte=first, due_date__lt=following)
        return agreements

    @property
    def is_filtering(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields)


CSV_LIMIT = 10_000  # a download of a national network's whole register is a job for an export, not a page


def agreements_csv(agreements):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="afspraken.csv"'
    response.write("\ufeff")  # so that Excel opens it as UTF-8
    writer = csv.writer(response, delimiter=";")  # a Dutch Excel expects semicolons
    writer.writerow(
        [
            _("Afspraak"),
            _("Bericht"),
            _("Blog"),
            _("Eigenaar"),
            _("Afdeling"),
            _("Klaar op"),
            _("Evalueren op"),
            _("Stand"),
            _("Adres"),
        ]
    )
    today = timezone.localdate()
    for agreement in agreements.order_by("due_date", "pk")[:CSV_LIMIT]:
        post = agreement.proposal.post
        writer.writerow(
            [
                _safe_cell(agreement.body),
                _safe_cell(post.title),
                _safe_cell(post.blog.title),
                _safe_cell(agreement.owner.name),
                _safe_cell(agreement.owner.department),
                agreement.due_date.isoformat(),
                agreement.review_date.isoformat() if agreement.review_date else "",
                agreement.shown_state(today),
                post.get_absolute_url(),
            ]
        )
    return response


def _safe_cell(text):
    """Text a spreadsheet must not take for a formula ("=HYPERLINK(...)" typed by a colleague)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
