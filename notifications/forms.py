from django import forms

from .models import EmailPreference


class EmailPreferenceForm(forms.ModelForm):
    class Meta:
        model = EmailPreference
        fields = ["on_reply", "on_mention", "on_comment", "on_followed"]
