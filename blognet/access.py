"""The one rule for who may read at all: a login, unless the site allows anonymous reading.

Views (reader_required), querysets (Post.objects.readable_by) and feeds all ask may_read().
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login


def may_read(user):
    """Whether `user` (possibly anonymous) may read published posts and their conversations."""
    return user.is_authenticated or settings.BLOGNET_ANONYMOUS_READING


def reader_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_read(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
