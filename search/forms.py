from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blogs.models import Blog

from .models import Document
from .services import PERIODS
from .text import MAX_QUERY_LENGTH, clean, parse

FIRST_YEAR = 2015


class SearchForm(forms.Form):
    """The query and its filters, all from the address (?q=...): a search is a link to share.

    A query longer than MAX_QUERY_LENGTH is cut, not refused: `was_cut` says so to the page.
    """

    q = forms.CharField(label=_("Zoek naar"), required=False)
    kind = forms.ChoiceField(label=_("Soort"), required=False)
    blog = forms.ChoiceField(label=_("Blog"), required=False)
    # A placeholder, not help text: a line under one field would set the filters' row askew.
    author = forms.CharField(
        label=_("Collega"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": _("gebruikersnaam")}),
    )
    department = forms.ChoiceField(label=_("Afdeling"), required=False)
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=60)
    period = forms.ChoiceField(label=_("Periode"), required=False)

    was_cut = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Alles")), *Document.Kind.choices]
        # Shared blogs are few; a personal blog is chosen through its colleague (or a link).
        blogs = Blog.objects.filter(kind=Blog.Kind.SHARED).values_list("slug", "title")
        chosen = self.data.get("blog")
        if chosen:
            blogs = Blog.objects.filter(slug=chosen) | Blog.objects.filter(kind=Blog.Kind.SHARED)
            blogs = blogs.values_list("slug", "title")
        self.fields["blog"].choices = [("", _("Alle blogs")), *blogs]
        departments = get_user_model().objects.departments()
        self.fields["department"].choices = [("", _("Alle afdelingen")), *((d, d) for d in departments)]
        years = [(str(y), str(y)) for y in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]
        periods = [(key, label) for key, (label, _delta) in PERIODS.items()]
        self.fields["period"].choices = [("", _("Altijd")), *periods, *years]

    def clean_q(self):
        text = " ".join(clean(self.cleaned_data["q"]).split())
        if len(text) > MAX_QUERY_LENGTH:
            self.was_cut = True
            text = text[:MAX_QUERY_LENGTH]
        return text

    def filters(self):
        """The chosen filters as search()'s keywords."""
        data = {name: self.cleaned_data.get(name) or "" for name in ("kind", "blog", "author", "department", "tag")}
        period = self.cleaned_data.get("period") or ""
        if period.isdigit():
            data["year"] = int(period)
        else:
            data["period"] = period
        return data

    def query(self):
        return parse(self.cleaned_data.get("q", "")) if self.is_valid() else parse("")

    def has_filters(self):
        return self.is_valid() and any(self.cleaned_data.get(name) for name in self.fields if name != "q")
