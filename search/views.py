from django.shortcuts import render

from blognet.access import reader_required
from blognet.pagination import paginate

from .forms import SearchForm
from .services import results, search

PER_PAGE = 20


@reader_required
def search_results(request):
    """Results for ?q= with its filters; the form with tips when there is nothing to look for.

    Whatever is typed gives this page: a query is only ever words (search.text.parse).
    """
    form = SearchForm(request.GET)
    query = form.query()
    context = {"form": form, "query": query, "text": form.cleaned_data.get("q", "") if form.is_valid() else ""}
    if query:
        page = paginate(request, search(request.user, query, **form.filters()), PER_PAGE)
        context.update(page=page, results=results(page, query))
    return render(request, "search/search_results.html", context)
