from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from blognet.images import open_checked, reencode
from blognet.text import xml_safe
from people.models import User

from .models import Blog, Post, PostImage, Tag

MAX_IMAGE_WIDTH = 1600


class PostForm(forms.ModelForm):
    """Write or edit a post. It validates; blogs.services.save_post decides draft or publish."""

    tag_names = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Gescheiden door komma's, bijvoorbeeld: leesbevordering, jeugd"),
    )
    # A text field in the Dutch way ("14-03-2027 09:30"): a browser's date picker shows the format of
    # the browser's language, not the page's. What older pages and browsers send is accepted too.
    published_at = forms.DateTimeField(
        label=_("Publiceren op"),
        required=False,
        widget=forms.DateTimeInput(
            attrs={"placeholder": _("dd-mm-jjjj uu:mm"), "autocomplete": "off"},
            format="%d-%m-%Y %H:%M",
        ),
        input_formats=[
            "%d-%m-%Y %H:%M",
            "%d-%m-%Y %H.%M",
            "%d-%m-%Y",
            "%d/%m/%Y %H:%M",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ],
        help_text=_(
            "Dag-maand-jaar en tijd, bijvoorbeeld 14-03-2027 09:30. Leeg laten om direct te publiceren. "
            "Een moment in de toekomst plant het bericht in."
        ),
    )

    class Meta:
        model = Post
        fields = ["blog", "title", "body", "tag_names", "published_at"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16, "class": "js-markdown-editor", "spellcheck": "true"})}

    def __init__(self, *args, user, blog=None, **kwargs):
        """`blog` fixes the blog (writing from a blog's page); without it the writer chooses."""
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.instance.author = user
        if blog is not None or self.instance.pk:
            # A post stays on its blog once written: its address would change otherwise.
            del self.fields["blog"]
            if blog is not None:
                self.instance.blog = blog
        else:
            self.fields["blog"].queryset = Blog.objects.writable_by(user).order_by("kind", "title")
            self.fields["blog"].empty_label = None
        if self.instance.pk:
            self.initial["tag_names"] = ", ".join(tag.name for tag in self.instance.tags.all())
            if self.instance.published_at:
                self.initial["published_at"] = timezone.localtime(self.instance.published_at)

    def clean_tag_names(self):
        names = []
        for name in xml_safe(self.cleaned_data["tag_names"]).split(","):
            name = " ".join(name.split()).lower()
            if len(name) > 50:
                raise forms.ValidationError(_("Een tag mag hoogstens 50 tekens lang zijn."), code="tag_too_long")
            if name and name not in names:
                names.append(name)
        if len(names) > 10:
            raise forms.ValidationError(_("Gebruik hoogstens 10 tags."), code="too_many_tags")
        return names


class PostImageForm(forms.ModelForm):
    image = forms.FileField(label=_("Afbeelding"), help_text=_("JPEG, PNG, GIF of WebP, hoogstens 10 MB."))

    class Meta:
        model = PostImage
        fields = ["image", "alt_text"]

    def clean_image(self):
        upload = self.cleaned_data["image"]
        return reencode(open_checked(upload), max_width=MAX_IMAGE_WIDTH, name=upload.name)


class PostFilterForm(forms.Form):
    """The front page's filters: any combination of blog, colleague, department and tag."""

    blog = forms.ModelChoiceField(
        label=_("Blog"), queryset=Blog.objects.none(), to_field_name="slug", required=False, empty_label=_("Alle blogs")
    )
    person = forms.CharField(label=_("Collega"), required=False, max_length=100)
    department = forms.ChoiceField(label=_("Afdeling"), required=False)
    # A text field with suggestions, not a list of every tag: years of writing make thousands.
    tag = forms.CharField(
        label=_("Tag"),
        required=False,
        max_length=60,
        widget=forms.TextInput(
            attrs={"list": "tag-suggestions", "autocomplete": "off", "placeholder": _("bijvoorbeeld: jeugd")}
        ),
    )
    followed = forms.BooleanField(label=_("Gevolgd: alleen van collega's en blogs die je volgt"), required=False)

    # What "Gevolgd" means for a reader, as a condition on posts. notifications keeps the follows
    # (it sits above blogs) and puts its rule here when Django starts; without one nothing matches.
    followed_by = staticmethod(lambda reader: Q(pk__in=[]))

    def __init__(self, *args, reader=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reader = reader
        self.fields["blog"].queryset = Blog.objects.filter(kind=Blog.Kind.SHARED)
        self.fields["department"].choices = [("", _("Alle afdelingen"))] + [
            (name, name) for name in User.objects.departments()
        ]

    def clean_tag(self):
        typed = self.cleaned_data["tag"].strip().lstrip("#")
        if not typed:
            return None
        tag = Tag.objects.filter(Q(slug=slugify(typed)) | Q(name__iexact=typed)).first()
        if tag is None:
            raise forms.ValidationError(_("Er is geen tag „%(name)s”.") % {"name": typed}, code="unknown_tag")
        return tag

    def suggested_tags(self):
        return Tag.in_recent_use()

    def filter(self, posts):
        """`posts` narrowed by the valid filters; invalid ones are ignored (and shown as errors)."""
        if not self.is_valid():
            return posts
        data = self.cleaned_data
        if data["blog"]:
            posts = posts.filter(blog=data["blog"])
        if data["person"]:
            name = data["person"].strip().lstrip("@")
            posts = posts.filter(Q(author__username__iexact=name) | Q(author__display_name__icontains=name))
        if data["department"]:
            posts = posts.filter(author__department=data["department"])
        if data["tag"]:
            posts = posts.filter(tags=data["tag"])
        if data["followed"]:
            reader = self.reader
            posts = posts.filter(self.followed_by(reader)) if reader and reader.is_authenticated else posts.none()
        return posts

    @classmethod
    def asks_for(cls, data):
        """Whether the query `data` filters at all (told without making the form's choices)."""
        return any(data.get(name) for name in cls.base_fields)

    @property
    def is_filtering(self):
        return self.is_bound and self.asks_for(self.data)
