from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from arpenteur.core.access import public

admin.site.site_header = "Arpenteur — administration"
admin.site.site_title = "Arpenteur"

urlpatterns = [
    path("", include("arpenteur.core.urls")),
    path("compte/", include("arpenteur.accounts.urls")),
    path("territoires/", include("arpenteur.territories.urls")),
    path("", include("arpenteur.residencies.urls")),
    path("", include("arpenteur.commissioning.urls")),
    path("", include("arpenteur.fieldwork.urls")),
    path("", include("arpenteur.analysis.urls")),
    path("", include("arpenteur.workshops.urls")),
    path("", include("arpenteur.roadmap.urls")),
    path("", include("arpenteur.publications.urls")),
    path("", include("arpenteur.programmes.urls")),
    path("", include("arpenteur.library.urls")),
    path("langue/", public(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
