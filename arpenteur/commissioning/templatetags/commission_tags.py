from django import template

from ..money import format_eur

register = template.Library()


@register.filter
def eur(value):
    """45000 → « 45 000 € » (French grouping, rounded to the euro)."""
    return format_eur(value)


@register.filter
def eur_cents(value):
    return format_eur(value, cents=True)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
