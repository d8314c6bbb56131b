from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class NulCharacterMiddleware:
    """Refuse a request carrying a NUL character in its address or form fields with a 400.

    No browser sends one; PostgreSQL cannot store or even compare text containing it, so
    letting it through would turn a typo'd or hostile link into a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        fields = [request.path, *request.GET.values()]
        if request.method == "POST" and request.content_type != "multipart/form-data":
            fields += request.POST.values()
        if any("\x00" in value for value in fields):
            return HttpResponseBadRequest(_("Dit adres of formulier bevat een ongeldig teken."))
        return self.get_response(request)
