# The <twin:fmt> converter is registered once, by residencies.urls (included before this module).
from django.urls import path

from . import views

app_name = "roadmap"
P = "residences/<int:pk>/feuille-de-route/"
urlpatterns = [
    path(P, views.roadmap_home, name="home"),
    path(P + "calendrier/", views.roadmap_home, {"view": "calendrier"}, name="timeline"),
    path(P + "porteurs/", views.roadmap_home, {"view": "porteurs"}, name="by_lead"),
    path(P + "actions-rapides/", views.roadmap_home, {"view": "rapides"}, name="quick_wins"),
    path(P + "actions.<twin:fmt>", views.roadmap_home, name="home_twin"),
    path(P + "actions-rapides.<twin:fmt>", views.roadmap_home, {"view": "rapides"}, name="quick_wins_twin"),
    path(P + "vision/", views.vision_edit, name="vision_edit"),
    path(P + "axes/nouveau/", views.axis_edit, name="axis_create"),
    path(P + "axes/<int:axis_pk>/", views.axis_edit, name="axis_edit"),
    path(P + "axes/<int:axis_pk>/supprimer/", views.axis_delete, name="axis_delete"),
    path(P + "actions/nouvelle/", views.action_edit, name="action_create"),
    path(P + "actions/<int:action_pk>/", views.action_detail, name="action_detail"),
    path(P + "actions/<int:action_pk>.<twin:fmt>", views.action_detail, name="action_detail_twin"),
    path(P + "actions/<int:action_pk>/modifier/", views.action_edit, name="action_edit"),
    path(P + "actions/<int:action_pk>/trace/", views.action_trace, name="action_trace"),
    path(P + "actions/<int:action_pk>/supprimer/", views.action_delete, name="action_delete"),
    path(P + "exports/", views.export_request, name="export_request"),
    path(P + "exports/<int:job_pk>/", views.export_status, name="export_status"),
    path(P + "exports/<int:job_pk>/telecharger/", views.export_download, name="export_download"),
]
