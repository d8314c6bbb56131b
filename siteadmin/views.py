from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blognet.pagination import paginate
from blogs.models import Blog
from people.models import User, manager_permission

from . import colleague_csv, services
from .access import site_admin_required
from .forms import ColleagueSearchForm, CsvUploadForm, InviteForm, MembershipForm, RolesForm, TeamBlogForm

# The dry run's checked rows travel to the confirmation signed, so nothing is kept on the server
# in between; the confirmation checks them again (someone may have been invited meanwhile).
IMPORT_SALT = "siteadmin.colleague_import"
IMPORT_MAX_AGE = 60 * 60


def with_manager_flag(people):
    role = manager_permission().filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk")))
    return people.annotate(has_manager_role=Exists(role))


@site_admin_required
def colleague_list(request):
    form = ColleagueSearchForm(request.GET or None)
    people = form.filter(with_manager_flag(User.objects.order_by("display_name", "username")))
    return render(request, "siteadmin/colleague_list.html", {"form": form, "page": paginate(request, people, 50)})


@site_admin_required
def colleague_invite(request):
    form = InviteForm(request.POST or None)
    if form.is_valid():
        try:
            person = services.invite_colleague(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "%(name)s is uitgenodigd als @%(username)s. "
                    "De mail met de link om een wachtwoord in te stellen is onderweg."
                )
                % {"name": person.name, "username": person.username},
            )
            return redirect("manage:colleague_detail", person.username)
    return render(request, "siteadmin/colleague_invite.html", {"form": form})


def colleague_for(username):
    return get_object_or_404(with_manager_flag(User.objects.select_related("personal_blog")), username=username)


@site_admin_required
def colleague_detail(request, username):
    person = colleague_for(username)
    roles = RolesForm(initial={"is_manager": person.has_manager_role, "is_site_admin": person.is_superuser})
    return render(request, "siteadmin/colleague_detail.html", detail_context(person, roles))


def detail_context(person, roles):
    memberships = person.memberships.select_related("blog").order_by("blog__title")
    return {"person": person, "roles": roles, "memberships": memberships}


@site_admin_required
@require_POST
def colleague_roles(request, username):
    person = colleague_for(username)
    form = RolesForm(request.POST)
    if form.is_valid():
        try:
            services.set_roles(person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De rollen van %(name)s zijn opgeslagen.") % {"name": person.name})
            return redirect("manage:colleague_detail", person.username)
    return render(request, "siteadmin/colleague_detail.html", detail_context(person, form), status=400)


@site_admin_required
@require_POST
def colleague_deactivate(request, username):
    person = colleague_for(username)
    try:
        services.deactivate(person, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s is gedeactiveerd en kan niet meer inloggen. Berichten en reacties blijven staan.")
            % {"name": person.name},
        )
    return redirect("manage:colleague_detail", person.username)


@site_admin_required
@require_POST
def colleague_reactivate(request, username):
    person = colleague_for(username)
    services.reactivate(person)
    messages.success(request, _("%(name)s kan weer inloggen.") % {"name": person.name})
    return redirect("manage:colleague_detail", person.username)


@site_admin_required
@require_POST
def invitation_resend(request, username):
    person = colleague_for(username)
    try:
        services.resend_invitation(person)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("De uitnodiging is opnieuw verstuurd naar %(email)s.") % {"email": person.email})
    return redirect("manage:colleague_detail", person.username)


@site_admin_required
def colleague_import(request):
    """GET: choose a file. POST with a file: the dry run, which changes nothing. POST with the signed rows
    of a dry run ("confirm"): the invitations, in one transaction, and the report."""
    if request.method == "POST" and "confirm" in request.POST:
        try:
            rows = signing.loads(request.POST["confirm"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, _("Deze controle is te oud of onvolledig. Kies het bestand opnieuw."))
            return redirect("manage:colleague_import")
        try:
            invited, skipped = services.invite_many(rows)
        except ValidationError as error:  # nothing was saved: invite_many is one transaction
            messages.error(request, _("Er is niemand uitgenodigd: %(error)s") % {"error": " ".join(error.messages)})
            return redirect("manage:colleague_import")
        return render(request, "siteadmin/colleague_import_report.html", {"invited": invited, "skipped": skipped})
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            text = colleague_csv.decode(form.cleaned_data["file"].read(colleague_csv.MAX_BYTES + 1))
            dry_run = colleague_csv.check(colleague_csv.read(text))
        except colleague_csv.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            confirm = signing.dumps([row.as_invitation() for row in dry_run.new], salt=IMPORT_SALT, compress=True)
            context = {"dry_run": dry_run, "confirm": confirm, "file_name": form.cleaned_data["file"].name}
            return render(request, "siteadmin/colleague_import_check.html", context)
    return render(request, "siteadmin/colleague_import.html", {"form": form})


@site_admin_required
def teamblog_list(request):
    blogs = Blog.objects.filter(kind=Blog.Kind.SHARED).order_by("title")
    return render(request, "siteadmin/teamblog_list.html", {"page": paginate(request, blogs, 50)})


@site_admin_required
def teamblog_create(request):
    form = TeamBlogForm(request.POST or None)
    if form.is_valid():
        try:
            blog = services.create_team_blog(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Het teamblog %(title)s is gemaakt. Geef nu collega's een rol.") % {"title": blog.title}
            )
            return redirect("manage:teamblog_detail", blog.slug)
    return render(request, "siteadmin/teamblog_create.html", {"form": form})


def team_blog_for(slug):
    return get_object_or_404(Blog, slug=slug, kind=Blog.Kind.SHARED)


@site_admin_required
def teamblog_detail(request, blog_slug):
    blog = team_blog_for(blog_slug)
    form = MembershipForm(request.POST or None)
    if form.is_valid():
        person = form.cleaned_data["colleague"]
        membership = services.set_membership(blog, person, form.cleaned_data["role"])
        messages.success(
            request,
            _("%(name)s is nu %(role)s op %(title)s.")
            % {"name": person.name, "role": membership.get_role_display().lower(), "title": blog.title},
        )
        return redirect("manage:teamblog_detail", blog.slug)
    memberships = blog.memberships.select_related("user").order_by("user__display_name", "user__username")
    context = {"blog": blog, "form": form, "memberships": memberships}
    return render(request, "siteadmin/teamblog_detail.html", context, status=400 if form.errors else 200)


@site_admin_required
@require_POST
def membership_remove(request, blog_slug, username):
    blog = team_blog_for(blog_slug)
    person = get_object_or_404(User, username=username)
    services.remove_membership(blog, person)
    messages.success(
        request, _("%(name)s heeft geen rol meer op %(title)s.") % {"name": person.name, "title": blog.title}
    )
    return redirect("manage:teamblog_detail", blog.slug)
