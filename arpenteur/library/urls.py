from django.urls import path

from . import views

# The `<twin:fmt>` converter is registered once, by residencies.urls (loaded before us).

app_name = "library"
urlpatterns = [
    path("bibliotheque/", views.search, name="search"),
    path("bibliotheque.<twin:fmt>", views.search, name="search_twin"),
    path("bibliotheque/fiches/<int:pk>/", views.detail, name="detail"),
    path("bibliotheque/fiches/<int:pk>.<twin:fmt>", views.detail, name="detail_twin"),
    path("bibliotheque/boite-a-outils/", views.toolbox, name="toolbox"),
    path("bibliotheque/boite-a-outils/<slug:slug>/", views.method_detail, name="method"),
    path("bibliotheque/import/", views.import_page, name="import"),
    path("bibliotheque/import/<int:pk>/", views.import_report, name="import_report"),
    path("bibliotheque/export-complet.<twin:fmt>", views.export, name="export"),
]
