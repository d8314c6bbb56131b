from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from blognet.pagination import paginate
from blogs.models import Blog, Post
from people.models import User

from .digests import user_from_unsubscribe_token
from .forms import EmailPreferenceForm
from .models import BlogFollow, ColleagueFollow, Digest, EmailPreference, Follow, Notification

NOTIFICATION_PAGES = 10


@login_required
def notification_list(request):
    notifications = Notification.objects.for_recipient(request.user).for_listing()
    # The newest 300: a colleague of some years has thousands, and counting them all (each joined to
    # its post, to leave out posts taken back to draft) at every visit grew with their history. What
    # is older than that is in the posts and threads themselves.
    page = paginate(request, notifications, 30, max_pages=NOTIFICATION_PAGES)
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
def notification_open(request, notification_id):
    """Follow a notification to its comment, marking it read on the way."""
    notification = get_object_or_404(Notification.objects.for_listing(), pk=notification_id, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    return redirect(notification.target_url())


@login_required
@require_POST
def notification_mark_read(request, notification_id):
    Notification.objects.filter(pk=notification_id, recipient=request.user).unread().update(read_at=timezone.now())
    return redirect("notifications:notification_list")


@login_required
@require_POST
def notification_mark_all_read(request):
    Notification.objects.filter(recipient=request.user).unread().update(read_at=timezone.now())
    messages.success(request, _("Alle meldingen zijn gelezen."))
    return redirect("notifications:notification_list")


@login_required
@require_POST
def follow_toggle(request, post_id):
    post = get_object_or_404(Post.objects.published_for(request.user).for_listing(), pk=post_id)
    follow, created = Follow.objects.get_or_create(user=request.user, post=post)
    if created:
        messages.success(request, _("Je volgt dit bericht: je hoort het als er gereageerd wordt."))
    else:
        follow.delete()
        messages.success(request, _("Je volgt dit bericht niet meer."))
    return _back(request, post)


def _back(request, default):
    """To the page the button was on (`next`, a page of this site), or to `default`."""
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(wanted)
    return redirect(default)


@login_required
@require_POST
def follow_colleague(request, username):
    """Follow a colleague's new posts, or stop (`stop`): the button says which, so a double click
    does what it said once."""
    person = get_object_or_404(User, username=username, is_active=True)
    follows = ColleagueFollow.objects.filter(user=request.user, person=person)
    if "stop" in request.POST:
        follows.delete()
        messages.success(request, _("Je volgt %(name)s niet meer.") % {"name": person.name})
    elif person != request.user:
        ColleagueFollow.objects.get_or_create(user=request.user, person=person)
        messages.success(
            request, _("Je volgt %(name)s: je hoort het als er een nieuw bericht is.") % {"name": person.name}
        )
    return _back(request, person)


@login_required
@require_POST
def follow_blog(request, blog_slug):
    blog = get_object_or_404(Blog, slug=blog_slug)
    follows = BlogFollow.objects.filter(user=request.user, blog=blog)
    if "stop" in request.POST:
        follows.delete()
        messages.success(request, _("Je volgt het blog „%(title)s” niet meer.") % {"title": blog.title})
    else:
        BlogFollow.objects.get_or_create(user=request.user, blog=blog)
        messages.success(
            request,
            _("Je volgt het blog „%(title)s”: je hoort het als er een nieuw bericht is.") % {"title": blog.title},
        )
    return _back(request, blog)


@login_required
def email_preferences(request):
    preference = EmailPreference.objects.filter(user=request.user).first() or EmailPreference(user=request.user)
    form = EmailPreferenceForm(request.POST or None, instance=preference, user=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Je e-mailvoorkeuren zijn opgeslagen."))
        return redirect("notifications:email_preferences")
    return render(request, "notifications/email_preferences.html", {"form": form})


@csrf_exempt  # a mail program's one-click unsubscribe (RFC 8058) posts here without a session
def digest_unsubscribe(request, token):
    """Stop the digest from the link in it, without logging in; the signed token says who."""
    person = user_from_unsubscribe_token(token)
    if person is None:
        return render(request, "notifications/digest_unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        EmailPreference.objects.update_or_create(user=person, defaults={"digest": Digest.OFF})
        return render(request, "notifications/digest_unsubscribe.html", {"done": True, "person": person})
    return render(request, "notifications/digest_unsubscribe.html", {"person": person})
