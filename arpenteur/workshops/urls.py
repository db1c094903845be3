from django.urls import path

from . import views

# The `<twin:…>` converter is registered once, by residencies.urls (included before this file).

app_name = "workshops"
_base = "residences/<int:pk>/priorisation/"
urlpatterns = [
    path(_base, views.session_list, name="list"),
    path(_base + "nouvelle/", views.session_create, name="create"),
    path(_base + "<int:session_pk>/", views.session_detail, name="detail"),
    path(_base + "<int:session_pk>/modifier/", views.session_edit, name="edit"),
    path(_base + "<int:session_pk>/etat/", views.session_status, name="status"),
    path(_base + "<int:session_pk>/resultats/", views.session_results_view, name="results"),
    path(_base + "<int:session_pk>/resultats.<twin:fmt>", views.session_results_view, name="results_twin"),
    path(_base + "<int:session_pk>/bulletins-papier/", views.paper_ballot, name="paper_ballot"),
    path(
        _base + "<int:session_pk>/bulletins-papier/<int:participant_pk>/",
        views.paper_ballot,
        name="paper_ballot_edit",
    ),
    path("vote/<uuid:token>/", views.vote, name="vote"),
]
