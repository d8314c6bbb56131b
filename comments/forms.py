import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_COMMENT_LENGTH, Comment


class CommentForm(forms.ModelForm):
    parent = forms.ModelChoiceField(queryset=Comment.objects.none(), required=False, widget=forms.HiddenInput)
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["body", "parent"]
        labels = {"body": _("Je reactie")}
        help_texts = {"body": _("Markdown mag. Typ @ en een naam om een collega te noemen.")}
        widgets = {"body": forms.Textarea(attrs={"rows": 4, "maxlength": MAX_COMMENT_LENGTH, "class": "js-mention"})}
        error_messages = {
            "body": {
                "required": _("Schrijf eerst je reactie."),
                "max_length": _("Een reactie mag hoogstens %(limit_value)d tekens lang zijn (nu %(show_value)d)."),
            }
        }

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        # Only comments on this same post can be answered here.
        self.fields["parent"].queryset = Comment.objects.filter(post=post)
        self.fields["parent"].error_messages["invalid_choice"] = _("Die reactie hoort niet bij dit bericht.")
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(_("Schrijf eerst je reactie."), code="empty")
        return body


class CommentEditForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": _("Je reactie")}
        widgets = {"body": forms.Textarea(attrs={"rows": 5, "maxlength": MAX_COMMENT_LENGTH, "class": "js-mention"})}

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(_("Schrijf eerst je reactie."), code="empty")
        return body
