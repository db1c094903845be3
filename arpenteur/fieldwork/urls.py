from django.urls import path

# The <twin:fmt> converter is registered once, by residencies.urls (included before this module).
from arpenteur.residencies import urls as _residency_urls  # noqa: F401

from . import views_actors as actors
from . import views_material as material
from . import views_programme as programme
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
    # programme (views_programme)
    path("residences/<int:pk>/programme/<int:session_pk>/", programme.programme, name="programme"),
    path(
        "residences/<int:pk>/programme/<int:session_pk>.<twin:fmt>",
        programme.programme,
        name="programme_twin",
    ),
    path("residences/<int:pk>/programme/<int:session_pk>.ics", programme.programme_ics, name="programme_ics"),
    path(
        "residences/<int:pk>/programme/<int:session_pk>/activites/nouvelle/",
        programme.activity_add,
        name="activity_add",
    ),
    path(
        "residences/<int:pk>/programme/<int:session_pk>/activites/<int:activity_pk>/modifier/",
        programme.activity_edit,
        name="activity_edit",
    ),
    path(
        "residences/<int:pk>/programme/<int:session_pk>/activites/<int:activity_pk>/deplacer/",
        programme.activity_move,
        name="activity_move",
    ),
    path(
        "residences/<int:pk>/programme/<int:session_pk>/activites/<int:activity_pk>/supprimer/",
        programme.activity_delete,
        name="activity_delete",
    ),
    path(
        "residences/<int:pk>/programme/<int:session_pk>/publication/",
        programme.programme_publication,
        name="programme_publication",
    ),
    path(
        "residences/<int:pk>/programme/<int:session_pk>/pdf/", programme.programme_pdf, name="programme_pdf"
    ),
    path(
        "residences/<int:pk>/programme/<int:session_pk>/pdf/<int:export_pk>/",
        programme.programme_export,
        name="programme_export",
    ),
    path(
        "residences/<int:pk>/programme/<int:session_pk>/pdf/<int:export_pk>/telecharger/",
        programme.programme_export_download,
        name="programme_export_download",
    ),
    path("residences/<int:pk>/methodes/", programme.methods, name="methods"),
    path("residences/<int:pk>/methodes/nouvelle/", programme.method_edit, name="method_add"),
    path("residences/<int:pk>/methodes/<int:method_pk>/", programme.method_detail, name="method_detail"),
    path("residences/<int:pk>/methodes/<int:method_pk>/modifier/", programme.method_edit, name="method_edit"),
    path("programme/<int:pk>/<int:session_pk>/", programme.public_programme, name="public_programme"),
    path(
        "programme/<int:pk>/<int:session_pk>.json",
        programme.public_programme,
        {"fmt": "json"},
        name="public_programme_json",
    ),
    path(
        "programme/<int:pk>/<int:session_pk>.ics",
        programme.public_programme,
        {"fmt": "ics"},
        name="public_programme_ics",
    ),
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
