from django.urls import path

# The <twin:fmt> converter is registered once, by residencies.urls (included before this module).
from arpenteur.residencies import urls as _residency_urls  # noqa: F401

from . import views_actors as actors
from . import views_material as material
from . import views_public as public_views

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
    # actors, map, public contributions
    path("residences/<int:pk>/acteurs/", actors.stakeholder_list, name="stakeholders"),
    path("residences/<int:pk>/acteurs.<twin:fmt>", actors.stakeholder_list, name="stakeholders_twin"),
    path("residences/<int:pk>/acteurs/ajouter/", actors.stakeholder_create, name="stakeholder_create"),
    path("residences/<int:pk>/acteurs/carte/", actors.actor_map, name="actor_map"),
    path(
        "residences/<int:pk>/acteurs/<int:stakeholder_pk>/",
        actors.stakeholder_detail,
        name="stakeholder_detail",
    ),
    path(
        "residences/<int:pk>/acteurs/<int:stakeholder_pk>/modifier/",
        actors.stakeholder_edit,
        name="stakeholder_edit",
    ),
    path(
        "residences/<int:pk>/acteurs/<int:stakeholder_pk>/supprimer/",
        actors.stakeholder_delete,
        name="stakeholder_delete",
    ),
    path(
        "residences/<int:pk>/terrain/contributions/",
        public_views.contribution_settings,
        name="contribution_settings",
    ),
    path("contribuer/<int:pk>/", public_views.contribute, name="contribute"),
    path("contribuer/<int:pk>/merci/", public_views.contribute_thanks, name="contribute_thanks"),
    path("contribuer/<int:pk>/photos/<int:material_pk>/", public_views.public_file, name="public_file"),
]
