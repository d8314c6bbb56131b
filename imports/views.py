import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blogs.models import Blog

from .errors import ImportRefused
from .forms import ImportForm
from .models import PendingImport
from .report import Report
from .rules import may_export, may_import_into

# The reading, importing and exporting code (lxml, markdownify and Beautiful Soup, some 15 MB) is
# imported in the views that use it: a worker that never serves an import does not carry it.


@login_required
def import_start(request):
    """ "Mijn oude blog overzetten": upload an export, see the dry run next; and take everything out."""
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        blog = form.cleaned_data["blog"]
        if not may_import_into(request.user, blog):
            raise PermissionDenied
        from .uploads import check_upload

        try:
            pending = check_upload(
                form.cleaned_data["file"],
                blog=blog,
                by=request.user,
                pages_as_posts=form.cleaned_data["pages_as_posts"],
            )
        except ImportRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            return redirect("imports:import_detail", pending.pk)
    own_blog = Blog.objects.filter(owner=request.user).first()
    earlier = PendingImport.objects.filter(uploaded_by=request.user).select_related("blog").order_by("-created_at")
    return render(request, "imports/import_start.html", {"form": form, "own_blog": own_blog, "earlier": earlier[:10]})


@login_required
def import_detail(request, pk):
    """The dry run's report with "Overzetten" to confirm; then how the import went."""
    pending = get_object_or_404(PendingImport.objects.select_related("blog"), pk=pk)
    if pending.uploaded_by_id != request.user.pk and not request.user.is_site_admin:
        raise Http404
    report = Report.from_dict(pending.report)
    return render(request, "imports/import_detail.html", {"pending": pending, "report": report})


@login_required
@require_POST
def import_confirm(request, pk):
    pending = get_object_or_404(PendingImport.objects.select_related("blog"), pk=pk)
    if pending.uploaded_by_id != request.user.pk and not request.user.is_site_admin:
        raise Http404
    if not may_import_into(request.user, pending.blog):
        raise PermissionDenied
    if request.POST.get("action") == "cancel":
        if pending.status == PendingImport.Status.CHECKED:
            pending.file.delete(save=False)
            pending.delete()
            messages.info(request, _("Het overzetten is geannuleerd; het bestand is verwijderd."))
        return redirect("imports:import_start")
    from .tasks import run_import_task
    from .uploads import confirm

    if confirm(pending):
        run_import_task.enqueue(pending.pk)
    return redirect("imports:import_detail", pending.pk)


@login_required
def export_download(request, blog_slug):
    """The blog as one zip: a WordPress export file (WXR) with the Markdown sources, and its images."""
    blog = get_object_or_404(Blog, slug=blog_slug)
    if not may_export(request.user, blog):
        raise PermissionDenied
    from .export import write_export

    out = tempfile.TemporaryFile()  # on disk, not in memory: a blog of years with its images
    write_export(out, blogs=[blog])
    out.seek(0)
    name = f"blognet-{blog.slug}-{timezone.localdate():%Y-%m-%d}.zip"
    return FileResponse(out, as_attachment=True, filename=name, content_type="application/zip")
