import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blognet.access import reader_required
from blognet.images import StorageFailed, save_with_file
from blognet.pagination import paginate
from blogs.fragments import ago_slot, cached, fill
from comments.activity import latest_of_each

from .forms import ProfileForm
from .models import User


@reader_required
def directory(request):
    people = User.objects.for_directory().select_related("personal_blog")
    department = request.GET.get("department", "")
    if department:
        people = people.filter(department=department)
    page = paginate(request, people, 48)

    def cards():
        shown = list(page.object_list)
        latest = latest_of_each(shown)
        for person in shown:
            person.latest = latest[person.pk]
            if "comment" in person.latest:
                person.latest["comment"].ago_slot = ago_slot(person.latest["comment"].created_at)
        return render_to_string("people/includes/directory_cards.html", {"people": shown})

    # The cards are the same for every reader: made once per worker for the content as it is now,
    # with only "how long ago" told at each request. The department is hashed: it comes from the address.
    key = f"directory:{hashlib.sha256(department.encode()).hexdigest()[:16]}:{page.number}"
    context = {
        "page": page,
        "cards": fill(cached(request, key, cards), reader=request.user, previous_visit=None),
        "departments": User.objects.departments(),
        "department": department,
    }
    return render(request, "people/directory.html", context)


@reader_required
def profile(request, username):
    person = get_object_or_404(User.objects.select_related("personal_blog"), username=username, is_active=True)
    return render(request, "people/profile.html", {"person": person})


@login_required
@require_POST
def feed_token_replace(request):
    request.user.replace_feed_token()
    messages.success(request, _("Je hebt een nieuw feedadres. Het oude werkt niet meer."))
    return redirect(request.user)


@login_required
def suggest(request):
    """Colleagues for the @mention list: username or name starting with what was typed."""
    typed = request.GET.get("q", "").strip().lstrip("@")[:40]
    people = User.objects.for_directory()
    if typed:
        people = people.filter(
            Q(username__istartswith=typed) | Q(display_name__istartswith=typed) | Q(display_name__icontains=f" {typed}")
        )
    return JsonResponse({"results": [{"username": p.username, "name": p.name} for p in people[:8]]})


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, request.FILES or None, instance=request.user)
    if form.is_valid():
        try:
            save_with_file(form.save(commit=False))
        except StorageFailed as error:
            form.add_error("avatar", str(error))
            return render(request, "people/profile_edit.html", {"form": form}, status=503)
        messages.success(request, _("Je profiel is bijgewerkt."))
        return redirect(request.user)
    return render(request, "people/profile_edit.html", {"form": form})
