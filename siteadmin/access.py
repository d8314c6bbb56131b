from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def site_admin_required(view):
    """Beheer is for site admins only: anonymous visitors log in first, everyone else gets 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_site_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
