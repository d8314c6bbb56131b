"""Blognet's own "Niet gevonden" page in DEBUG too, as people see it in production.

In DEBUG Django answers a 404 with its technical page (the URL patterns, the settings module):
confusing for a colleague trying the demo, and not what a test of the page should look at.
BLOGNET_TECHNICAL_404=true brings the technical page back for whoever is debugging the URLs.
A 403 needs nothing: Django renders templates/403.html whatever DEBUG says.
"""

from django.conf import settings
from django.http import Http404
from django.views.defaults import page_not_found


def _own_page_wanted():
    return settings.DEBUG and not settings.BLOGNET_TECHNICAL_404


class NotFoundPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No URL pattern matched (request.resolver_match stays None): Django made its technical
        # page before any view or process_exception ran.
        if response.status_code == 404 and request.resolver_match is None and _own_page_wanted():
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        """A view's Http404 (get_object_or_404 ...)."""
        if isinstance(exception, Http404) and _own_page_wanted():
            return page_not_found(request, exception)
        return None
