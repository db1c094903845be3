from django.conf import settings
from django.urls import reverse

from .registry import nav_items


def site(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "IS_DEMO_SITE": settings.ENVIRONMENT == "development",
        "extra_nav_items": _menu(request),
    }


def _menu(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return [
        {"url": reverse(item.url_name), "label": item.label, "section": item.section}
        for item in nav_items(signed_in=signed_in)
    ]
