"""An export uploaded in the browser, from its dry run to its import.

The upload is read and checked at once (the dry run the person sees), kept in private storage
with its report, and imported by the task worker once confirmed; then the file is deleted and
the report of what happened stays.
"""

import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ImportRefused
from .formats import read_export
from .importer import import_blog
from .models import PendingImport

logger = logging.getLogger(__name__)


def check_upload(upload, *, blog, by, pages_as_posts):
    """Read `upload` and plan its import into `blog`: the PendingImport holding the dry run's
    report. Raises ImportRefused, with the reason, for a file Blognet does not take."""
    upload.seek(0)
    source = read_export(upload, name=upload.name)
    report = import_blog(source, blog=blog, by=by, pages_as_posts=pages_as_posts, dry_run=True)
    upload.seek(0)
    return PendingImport.objects.create(
        uploaded_by=by,
        blog=blog,
        file=upload,
        original_name=upload.name[:255],
        pages_as_posts=pages_as_posts,
        report=report.as_dict(),
    )


def confirm(pending):
    """Mark a checked upload as running; False when it was confirmed already (a double click)."""
    return bool(
        PendingImport.objects.filter(pk=pending.pk, status=PendingImport.Status.CHECKED).update(
            status=PendingImport.Status.RUNNING
        )
    )


def run_pending(pending_id):
    """Import a confirmed upload, keep the report, and delete the uploaded file."""
    pending = PendingImport.objects.select_related("blog__owner", "uploaded_by").filter(pk=pending_id).first()
    if pending is None or pending.status != PendingImport.Status.RUNNING:
        return "nothing to import"
    try:
        with pending.file.open("rb") as upload:  # open throughout: the images in a zip are read from it
            source = read_export(upload, name=pending.original_name)
            report = import_blog(
                source, blog=pending.blog, by=pending.uploaded_by, pages_as_posts=pending.pages_as_posts
            )
    except ImportRefused as refusal:
        return _finish(pending, PendingImport.Status.FAILED, {**pending.report, "error": str(refusal)})
    except Exception:
        logger.exception("Importing %s into %s failed", pending.original_name, pending.blog)
        error = _(
            "Het overzetten is mislukt door een storing bij Blognet. Er is niets veranderd; meld het bij de beheerder."
        )
        return _finish(pending, PendingImport.Status.FAILED, {**pending.report, "error": error})
    return _finish(pending, PendingImport.Status.DONE, report.as_dict())


def _finish(pending, status, report):
    pending.file.delete(save=False)
    PendingImport.objects.filter(pk=pending.pk).update(
        status=status, report=report, finished_at=timezone.now(), file=""
    )
    return status
