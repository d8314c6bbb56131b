from django import forms

from . import kinds
from .models import Digest, EmailPreference, digest_for


class EmailPreferenceForm(forms.ModelForm):
    """One checkbox per declared notification kind (notifications.kinds), and the digest.

    Only what the person changed becomes their choice: a box or digest left as it was shown keeps
    following its default, so a later change of default (or of their role, for the digest) reaches
    them as if they had never opened the page.
    """

    class Meta:
        model = EmailPreference
        fields = ["digest"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds.KINDS:
            self.fields[f"on_{kind.key}"] = forms.BooleanField(
                label=kind.label, required=False, initial=self.instance.wants(kind.key)
            )
        # The digest question comes after the per-kind boxes.
        self.order_fields([f"on_{kind.key}" for kind in kinds.KINDS] + ["digest"])
        self.fields["digest"].required = True
        self.fields["digest"].choices = Digest.choices
        self.fields["digest"].widget = forms.RadioSelect(choices=Digest.choices)
        self.initial["digest"] = digest_for(self.instance if self.instance.pk else None, is_manager=user.is_manager)
        self.stored_digest = self.instance.digest

    def save(self, commit=True):
        chosen = dict(self.instance.kinds)
        for kind in kinds.KINDS:
            if f"on_{kind.key}" in self.changed_data:
                chosen[kind.key] = self.cleaned_data[f"on_{kind.key}"]
        self.instance.kinds = chosen
        if "digest" not in self.changed_data:
            self.instance.digest = self.stored_digest
        return super().save(commit)
