from django.urls import path

# The <twin:fmt> converter is registered once, by residencies.urls (included before this module).
from arpenteur.residencies import urls as _residency_urls  # noqa: F401

from . import views_material as material

app_name = "fieldwork"
urlpatterns = [
    path("residences/terrain-sw.js", material.service_worker, name="service_worker"),
    path("residences/<int:pk>/terrain/", material.material_list, name="materials"),
    path("residences/<int:pk>/terrain.<twin:fmt>", material.material_list, name="materials_twin"),
    path("residences/<int:pk>/terrain/saisir/", material.capture, name="capture"),
    path("residences/<int:pk>/terrain/envoi/", material.capture_api, name="capture_api"),
    path("residences/<int:pk>/terrain/moderation/", material.moderation, name="moderation"),
    path("residences/<int:pk>/terrain/<int:material_pk>/", material.material_detail, name="material_detail"),
    path(
        "residences/<int:pk>/terrain/<int:material_pk>/modifier/",
        material.material_edit,
        name="material_edit",
    ),
    path(
        "residences/<int:pk>/terrain/<int:material_pk>/supprimer/",
        material.material_delete,
        name="material_delete",
    ),
    path(
        "residences/<int:pk>/terrain/<int:material_pk>/fichier/", material.material_file, name="material_file"
    ),
    path("residences/<int:pk>/terrain/<int:material_pk>/moderer/", material.moderate, name="moderate"),
]
