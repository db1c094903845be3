from django.urls import path

from . import views

app_name = "publications"
urlpatterns = [
    # The team's side of the restitution (the phase page carries the panel).
    path("residences/<int:pk>/restituer/cahier/", views.compose, name="compose"),
    path("residences/<int:pk>/restituer/livrables/produire/", views.build, name="build"),
    path(
        "residences/<int:pk>/restituer/livrables/<int:deliverable_pk>/etat/",
        views.deliverable_status,
        name="deliverable_status",
    ),
    path(
        "residences/<int:pk>/restituer/livrables/<int:deliverable_pk>/telecharger/",
        views.deliverable_download,
        name="deliverable_download",
    ),
    path("residences/<int:pk>/restituer/donnees.zip", views.team_datapackage, name="team_datapackage"),
    path(
        "residences/<int:pk>/restituer/publication/", views.publication_settings, name="publication_settings"
    ),
    path(
        "residences/<int:pk>/restituer/publication/decision/",
        views.publication_decide,
        name="publication_decide",
    ),
    # Public pages of published residencies.
    path("publiees/", views.published_list, name="public_list"),
    path("publiees/<int:pk>/", views.public_page, name="public_page"),
    path(
        "publiees/<int:pk>/livrables/<int:deliverable_pk>/",
        views.public_deliverable,
        name="public_deliverable",
    ),
    path("publiees/<int:pk>/donnees.zip", views.public_datapackage, name="public_datapackage"),
    path("publiees/<int:pk>/photos/<int:material_pk>.jpg", views.public_photo, name="public_photo"),
    # Read-only API of published residencies, keyed by INSEE code.
    path("api/v1/residences-publiees/", views.api_list, name="api_list"),
    path("api/v1/residences-publiees/<int:pk>/", views.api_residency, name="api_residency"),
    path("api/v1/communes/<str:insee>/", views.api_commune, name="api_commune"),
    path("api/v1/openapi.json", views.api_schema, name="api_schema"),
]
