"""/healthz: whether this process can serve, for load balancers and monitoring.

The check answers from a middleware placed before the session, auth and visit middleware:
those read the database as soon as a request carries a session cookie, so a monitor (or a
colleague's browser) with a cookie would get a 500 from them instead of the check's 503. It
also answers before the host is validated, as a load balancer probing by IP address needs; the
answer says nothing about the site. The URL route stays so that reverse("healthz") names it.
"""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

PATH = "/healthz"  # the route in blognet/urls.py; tests/test_urls.py pins that they agree


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


class HealthCheckMiddleware:
    """Answer /healthz itself, before any later middleware has touched the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH:
            return healthz(request)
        return self.get_response(request)
