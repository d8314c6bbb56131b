from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Lists count at most this many items: counting every post of twenty years, on every page view,
# would make the front page slower each year. Older items stay reachable through blogs, tags,
# filters and search; the pagination then says "van meer dan 100".
MAX_PAGES = 100


class CappedPaginator(Paginator):
    """A Paginator whose count stops at MAX_PAGES pages (one bounded COUNT over a LIMIT)."""

    @cached_property
    def count(self):
        cap = MAX_PAGES * self.per_page
        counted = self.object_list.order_by()[: cap + 1].count()
        self.is_capped = counted > cap
        return min(counted, cap)

    is_capped = False


def paginate(request, items, per_page):
    """The page of `items` asked for in ?page=, the last or first one when it is out of range."""
    return CappedPaginator(items, per_page).get_page(request.GET.get("page"))
