from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def euros(value, decimals=0):
    """A French amount: « 12 345 € » (narrow no-break space between thousands, no-break before €)."""
    if value in (None, ""):
        return "—"
    return f"{floatformat(Decimal(value), f'{int(decimals)}g')}\u00a0€"
