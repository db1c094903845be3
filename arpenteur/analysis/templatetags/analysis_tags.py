from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or an empty string."""
    return (mapping or {}).get(key, "")
