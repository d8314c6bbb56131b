from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

# Uploaded exports wait here between the dry run and the confirmation: outside MEDIA_ROOT, which
# is served to anyone, since an export holds drafts and commenters' e-mail addresses.
pending_storage = FileSystemStorage(location=settings.BLOGNET_IMPORT_ROOT)


class SourceItem(models.Model):
    """A post, comment or image brought into a blog, by its id in the export it came from.

    Importing the same file again finds every item here and adds nothing ("0 nieuw"): items are
    known by their source id, never by their title and date.
    """

    class Kind(models.TextChoices):
        POST = "post", _("bericht")
        COMMENT = "comment", _("reactie")
        IMAGE = "image", _("afbeelding")

    blog = models.ForeignKey("blogs.Blog", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source_key = models.CharField(max_length=500)
    post = models.ForeignKey("blogs.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    image = models.ForeignKey("blogs.PostImage", on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("geïmporteerd onderdeel")
        verbose_name_plural = _("geïmporteerde onderdelen")
        constraints = [models.UniqueConstraint(fields=["blog", "kind", "source_key"], name="source_item_once")]

    def __str__(self):
        return f"{self.kind} {self.source_key}"


class PendingImport(models.Model):
    """An export uploaded on "Mijn oude blog overzetten": checked in a dry run, imported once confirmed."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("gecontroleerd")
        RUNNING = "running", _("bezig")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    blog = models.ForeignKey("blogs.Blog", on_delete=models.CASCADE, related_name="+")
    file = models.FileField(storage=pending_storage, upload_to="%Y/%m/")
    original_name = models.CharField(max_length=255)
    pages_as_posts = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    report = models.JSONField(default=dict)  # imports.report.Report.as_dict(): the dry run's, then the import's
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.original_name} → {self.blog}"
