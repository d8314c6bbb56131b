from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Lists count at most this many items: counting every post of twenty years, on every page view,
# would make the front page slower each year. Older items stay reachable through blogs, tags,
# filters and search; the pagination then says "van meer dan 100".
MAX_PAGES = 100


class CappedPaginator(Paginator):
    """A Paginator whose count stops at `max_pages` pages (one bounded COUNT over a LIMIT)."""

    def __init__(self, *args, max_pages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_pages = max_pages or MAX_PAGES

    @cached_property
    def count(self):
        cap = self.max_pages * self.per_page
        counted = self.object_list.order_by()[: cap + 1].count()
        self.is_capped = counted > cap
        return min(counted, cap)

    is_capped = False


def paginate(request, items, per_page, max_pages=None):
    """The page of `items` asked for in ?page=, the last or first one when it is out of range."""
    return CappedPaginator(items, per_page, max_pages=max_pages).get_page(request.GET.get("page"))
