from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blogs.models import Blog, Membership
from people.models import User

from .services import find_by_email


class InviteForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"), max_length=100, help_text=_("Voor- en achternaam, zoals collega's je kennen.")
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        help_text=_("Hierheen gaat de mail met de link om een wachtwoord in te stellen."),
    )
    department = forms.CharField(label=_("Afdeling of vestiging"), max_length=100, required=False)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        existing = find_by_email(email)
        if existing:
            raise ValidationError(
                _("Er is al een collega met dit e-mailadres: %(name)s (@%(username)s)."),
                code="email_taken",
                params={"name": existing.name, "username": existing.username},
            )
        return email


class ColleagueSearchForm(forms.Form):
    STATUS_CHOICES = [("active", _("Actief")), ("inactive", _("Gedeactiveerd")), ("all", _("Iedereen"))]

    q = forms.CharField(label=_("Zoeken"), required=False, max_length=100, help_text=None)
    status = forms.ChoiceField(label=_("Toon"), choices=STATUS_CHOICES, required=False)

    def filter(self, people):
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or "active"
        if status != "all":
            people = people.filter(is_active=status == "active")
        if q := data.get("q", "").strip():
            people = people.filter(
                Q(display_name__icontains=q)
                | Q(username__icontains=q)
                | Q(email__icontains=q)
                | Q(department__icontains=q)
            )
        return people


class RolesForm(forms.Form):
    is_manager = forms.BooleanField(
        label=_("Leidinggevende"),
        required=False,
        help_text=_(
            "Ziet het deelnameoverzicht (wie doet er mee, per afdeling) en krijgt elke week "
            "het weekoverzicht per e-mail."
        ),
    )
    is_site_admin = forms.BooleanField(
        label=_("Beheerder"),
        required=False,
        help_text=_(
            "Mag alles: collega's uitnodigen en deactiveren, rollen geven, teamblogs maken, elk bericht bewerken "
            "en verwijderen en elke reactie weghalen. Geef deze rol alleen aan wie dat echt nodig heeft."
        ),
    )


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_("Met de kolommen naam, e-mail en afdeling, en de namen van de kolommen op de eerste regel."),
    )


class TeamBlogForm(forms.ModelForm):
    class Meta:
        model = Blog
        fields = ["title", "slug", "tagline", "is_open_to_all"]
        labels = {"slug": _("Adres (mag leeg blijven)")}
        help_texts = {
            "slug": _("Het stukje achter /blogs/ in het adres, bijvoorbeeld team-jeugd. Leeg: gemaakt uit de titel."),
            "is_open_to_all": _(
                "Aangevinkt: elke collega mag er schrijven, zoals op het Personeelsblog. Niet aangevinkt: alleen "
                "wie je daarna een rol geeft (en beheerders)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.instance.kind = Blog.Kind.SHARED


class MembershipForm(forms.Form):
    colleague = forms.CharField(
        label=_("Collega"), max_length=254, help_text=_("Gebruikersnaam of e-mailadres, bijvoorbeeld jan.devries.")
    )
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=Membership.Role.choices,
        initial=Membership.Role.AUTHOR,
        widget=forms.RadioSelect,
        help_text=_(
            "Auteur: schrijft berichten op dit blog en bewerkt de eigen berichten. Redacteur: ook de concepten "
            "van anderen zien, elk bericht van het blog bewerken en verwijderen, reacties weghalen en "
            "voorstellen afronden."
        ),
    )

    def clean_colleague(self):
        typed = self.cleaned_data["colleague"].strip().lstrip("@")
        user = User.objects.filter(Q(username=typed.lower()) | Q(email__iexact=typed), is_active=True).first()
        if user is None:
            raise ValidationError(_("Geen actieve collega met deze gebruikersnaam of dit e-mailadres."), code="unknown")
        return user
