from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from blogs.models import Blog


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Exportbestand"),
        help_text=_(
            "Blogger: Instellingen → Beheren → Content back-uppen. WordPress: Extra → Exporteren → Alle inhoud. "
            "Een XML-bestand, of een zip ervan."
        ),
    )
    blog = forms.ModelChoiceField(queryset=Blog.objects.none(), label=_("Naar blog"), empty_label=None)
    pages_as_posts = forms.BooleanField(
        required=False,
        label=_("Pagina's ook als bericht overzetten"),
        help_text=_("Pagina's zoals 'Over mij' worden anders overgeslagen."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Colleagues import into their own blog only; site admins into any blog (imports.rules).
        blogs = Blog.objects.order_by("title") if user.is_site_admin else Blog.objects.filter(owner=user)
        self.fields["blog"].queryset = blogs
        own = Blog.objects.filter(owner=user).first()
        if own:
            self.fields["blog"].initial = own.pk
        if not user.is_site_admin:
            self.fields["blog"].widget = forms.HiddenInput()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.BLOGNET_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Dit bestand is te groot (%(size)s). Het maximum is %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(settings.BLOGNET_IMPORT_MAX_BYTES)}
            )
        return upload
