from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_href(context, page_number):
    """The current address with another page number, keeping every other query parameter."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return f"?{query.urlencode()}"
