from django.conf import settings


def site(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "IS_DEMO_SITE": settings.ENVIRONMENT == "development",
    }
