from django import forms
from django.utils.translation import gettext_lazy as _

from blognet.images import open_checked, reencode

from .models import User

AVATAR_SIZE = 256
THUMBNAIL_SIZE = 64


class ProfileForm(forms.ModelForm):
    avatar = forms.FileField(
        label=_("Profielfoto"),
        required=False,
        help_text=_("JPEG, PNG, GIF of WebP, hoogstens 10 MB. Wordt vierkant bijgesneden."),
    )
    remove_avatar = forms.BooleanField(label=_("Profielfoto verwijderen"), required=False)

    class Meta:
        model = User
        fields = ["display_name", "department", "bio", "avatar"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload or upload == self.instance.avatar:
            return upload
        image = open_checked(upload)
        # The larger first: the picture is decoded once, at the size the first re-encoding needs.
        avatar = reencode(image, max_width=AVATAR_SIZE, square=True, name=upload.name)
        self.thumbnail = reencode(image, max_width=THUMBNAIL_SIZE, square=True, name=upload.name)
        return avatar

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.cleaned_data.get("remove_avatar"):
            user.avatar = user.avatar_thumbnail = ""
        elif hasattr(self, "thumbnail"):
            user.avatar_thumbnail = self.thumbnail
        if commit:
            user.save()
        return user
