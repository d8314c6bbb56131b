from django import forms

from .models import MANAGER_PERMISSION, Digest, EmailPreference, digest_for


class EmailPreferenceForm(forms.ModelForm):
    class Meta:
        model = EmailPreference
        fields = ["on_reply", "on_mention", "on_comment", "on_followed", "digest"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["digest"].required = True
        self.fields["digest"].choices = Digest.choices
        self.fields["digest"].widget = forms.RadioSelect(choices=Digest.choices)
        self.initial["digest"] = digest_for(
            self.instance if self.instance.pk else None, is_manager=user.has_perm(MANAGER_PERMISSION)
        )
