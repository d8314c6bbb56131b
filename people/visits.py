"""Knowing what is new for someone: everything since their previous visit.

A visit starts when someone comes back after VISIT_GAP without a page view; from then on the
moment they were last seen before it is "the previous visit" for the whole visit. The user row
is written at most once per SEEN_EVERY, not on every page view.
"""

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import User

VISIT_GAP = timezone.timedelta(hours=1)
SEEN_EVERY = timezone.timedelta(minutes=5)


class VisitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        request.previous_visit = None
        if user is not None and user.is_authenticated:
            self.track(request, user)
        return self.get_response(request)

    def track(self, request, user):
        now = timezone.now()
        seen = user.last_seen_at
        stored = request.session.get("previous_visit")
        if seen is None or now - seen > VISIT_GAP or "previous_visit" not in request.session:
            request.session["previous_visit"] = seen.isoformat() if seen else None
            stored = request.session["previous_visit"]
        request.previous_visit = parse_datetime(stored) if stored else None
        if seen is None or now - seen > SEEN_EVERY:
            User.objects.filter(pk=user.pk).update(last_seen_at=now)
            user.last_seen_at = now


def previous_visit(request):
    """Template context: the moment of this person's previous visit (None on a first visit)."""
    return {"previous_visit": getattr(request, "previous_visit", None)}
