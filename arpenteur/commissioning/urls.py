from django.urls import path

from . import views, views_documents, views_selection, views_welcome

# Twins are spelled out (`.json`, `.xlsx`) rather than through a registered converter: converters
# are global, and other apps register their own.
app_name = "commissioning"
R = "residences/<int:pk>/commande/"
P = "residences/<int:pk>/preparer/"
JSON = {"fmt": "json"}
urlpatterns = [
    path("commander/", views.discover, name="discover"),
    path("commander.json", views.discover, JSON, name="discover_json"),
    path(R + "intention/", views.intention_detail, name="intention"),
    path(R + "intention.json", views.intention_detail, JSON, name="intention_json"),
    path(R + "intention/reprendre/", views.intention_resume, name="intention_resume"),
    path(R + "intention/etape-<int:step>/", views.intention_step, name="intention_step"),
    path(R + "format/", views.format_compare, name="format"),
    path(R + "format.json", views.format_compare, JSON, name="format_json"),
    path(R + "budget/", views.budget_detail, name="budget"),
    path(R + "budget.json", views.budget_detail, JSON, name="budget_json"),
    path(R + "budget.xlsx", views.budget_detail, {"fmt": "xlsx"}, name="budget_xlsx"),
    path(R + "budget/modifier/", views.budget_edit, name="budget_edit"),
    path(R + "budget/exemple/", views.budget_apply_example, name="budget_example"),
    path(R + "budget/immersion/", views.budget_immersion, name="budget_immersion"),
    # Procurement documents
    path(R + "pieces/", views_documents.document_list, name="documents"),
    path(R + "pieces.json", views_documents.document_list, JSON, name="documents_json"),
    path(R + "pieces/produire/", views_documents.document_generate, name="document_generate"),
    path(R + "pieces/<int:doc_pk>/", views_documents.document_status, name="document_status"),
    path(
        R + "pieces/<int:doc_pk>/fichier.<str:file_format>",
        views_documents.document_download,
        name="document_download",
    ),
    # Choosing the team
    path(R + "equipes/", views_selection.teams, name="teams"),
    path(R + "equipes.json", views_selection.teams, JSON, name="teams_json"),
    path(R + "equipes/consultees/<int:consulted_pk>/", views_selection.consulted_edit, name="consulted_edit"),
    path(
        R + "equipes/consultees/<int:consulted_pk>/supprimer/",
        views_selection.consulted_delete,
        name="consulted_delete",
    ),
    path(R + "grille/", views_selection.grid_detail, name="grid"),
    path(R + "grille.json", views_selection.grid_detail, JSON, name="grid_json"),
    path(R + "grille/modifier/", views_selection.grid_edit, name="grid_edit"),
    path(
        R + "grille/criteres/<int:criterion_pk>/sous-criteres/",
        views_selection.subcriteria_edit,
        name="subcriteria_edit",
    ),
    path(R + "choix/", views_selection.selection, name="selection"),
    path(R + "choix.json", views_selection.selection, JSON, name="selection_json"),
    path(R + "choix/offres/ajouter/", views_selection.offer_add, name="offer_add"),
    path(R + "choix/offres/<int:offer_pk>/modifier/", views_selection.offer_edit, name="offer_edit"),
    path(R + "choix/offres/<int:offer_pk>/supprimer/", views_selection.offer_delete, name="offer_delete"),
    path(R + "choix/offres/<int:offer_pk>/notes/", views_selection.marks_edit, name="marks"),
    path(R + "choix/offres/<int:offer_pk>/analyse/", views_selection.offer_analysis, name="offer_analysis"),
    path(R + "choix/jury/", views_selection.jury_add, name="jury_add"),
    path(R + "choix/audition/", views_selection.shortlist, name="shortlist"),
    path(R + "choix/attribuer/", views_selection.award, name="award"),
    # Preparing the welcome
    path(P + "accueil/", views_welcome.welcome, name="welcome"),
    path(P + "accueil.json", views_welcome.welcome, JSON, name="welcome_json"),
    path(P + "accueil/<int:task_pk>/basculer/", views_welcome.welcome_toggle, name="welcome_toggle"),
    path(P + "accueil/<int:task_pk>/modifier/", views_welcome.welcome_edit, name="welcome_edit"),
    path(P + "accueil/<int:task_pk>/supprimer/", views_welcome.welcome_delete, name="welcome_delete"),
    path(P + "comite/", views_welcome.committee, name="committee"),
    path(P + "comite.json", views_welcome.committee, JSON, name="committee_json"),
    path(P + "comite/membres/<int:member_pk>/", views_welcome.member_edit, name="member_edit"),
    path(P + "comite/membres/<int:member_pk>/supprimer/", views_welcome.member_delete, name="member_delete"),
    path(P + "comite/reunions/<int:meeting_pk>/", views_welcome.meeting, name="meeting"),
    path(P + "comite/reunions/<int:meeting_pk>.json", views_welcome.meeting, JSON, name="meeting_json"),
]
