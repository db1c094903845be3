from django.urls import path, register_converter

from arpenteur.core.tabular import TwinFormatConverter

from . import views

register_converter(TwinFormatConverter, "twin")

app_name = "residencies"
urlpatterns = [
    path("residences/", views.residency_list, name="list"),
    path("residences.<twin:fmt>", views.residency_list, name="list_twin"),
    path("residences/nouvelle/", views.residency_create, name="create"),
    path("residences/<int:pk>/", views.residency_dashboard, name="dashboard"),
    path("residences/<int:pk>/modifier/", views.residency_edit, name="edit"),
    path("residences/<int:pk>/phase-en-cours/", views.residency_set_phase, name="set_phase"),
    path("residences/<int:pk>/phases/<slug:kind>/", views.phase_detail, name="phase"),
    path("residences/<int:pk>/temps-sur-site/nouveau/", views.session_edit, name="session_add"),
    path("residences/<int:pk>/temps-sur-site/<int:session_pk>/", views.session_edit, name="session_edit"),
    path(
        "residences/<int:pk>/temps-sur-site/<int:session_pk>/retirer/",
        views.session_delete,
        name="session_delete",
    ),
    path("residences/<int:pk>/parties/ajouter/", views.party_add, name="party_add"),
    path("residences/<int:pk>/parties/<int:party_pk>/retirer/", views.party_delete, name="party_delete"),
    path("residences/<int:pk>/membres/ajouter/", views.member_add, name="member_add"),
    path("residences/<int:pk>/membres/<int:member_pk>/", views.member_change, name="member_change"),
]
