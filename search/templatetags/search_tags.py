from django import template

register = template.Library()


@register.inclusion_tag("search/includes/header_field.html", takes_context=True)
def search_field(context):
    """The header's search field, holding the query of the results page it is on."""
    request = context.get("request")
    on_results = request is not None and getattr(request.resolver_match, "namespace", "") == "search"
    return {"text": request.GET.get("q", "")[:200] if on_results else ""}
