"""The one rule for reading pages: a login, unless the site allows anonymous reading."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login


def reader_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated and not settings.BLOGNET_ANONYMOUS_READING:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
