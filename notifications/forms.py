from django import forms

from . import kinds
from .models import Digest, EmailPreference, digest_for


class EmailPreferenceForm(forms.ModelForm):
    """One checkbox per declared notification kind (notifications.kinds), and the digest."""

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

    def save(self, commit=True):
        self.instance.kinds = {kind.key: self.cleaned_data[f"on_{kind.key}"] for kind in kinds.KINDS}
        return super().save(commit)
