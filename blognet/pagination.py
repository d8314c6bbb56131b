from django.core.paginator import Paginator


def paginate(request, items, per_page):
    """The page of `items` asked for in ?page=, the last or first one when it is out of range."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
