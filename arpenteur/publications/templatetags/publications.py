from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from ..typography import french_typography

register = template.Library()


@register.filter(is_safe=True)
def typo(value):
    """Escape, then apply French typography (the spaces added are plain characters, not markup)."""
    if value is None:
        return ""
    return mark_safe(french_typography(str(conditional_escape(value))))  # noqa: S308 — escaped first


@register.filter(is_safe=True)
def typo_paragraphs(value):
    """Like `typo`, keeping the author's paragraphs as <p>."""
    if not value:
        return ""
    paragraphs = [p.strip() for p in str(value).replace("\r\n", "\n").split("\n\n") if p.strip()]
    html = "".join(
        "<p>" + french_typography(str(conditional_escape(p))).replace("\n", "<br>") + "</p>"
        for p in paragraphs
    )
    return mark_safe(html)  # noqa: S308 — every paragraph escaped first


@register.filter
def fr_number(value, digits=0):
    """12 345,6 — French grouping with a narrow non-breaking space."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    text = f"{number:,.{int(digits)}f}"
    return text.replace(",", "\u202f").replace(".", ",")
