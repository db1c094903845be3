from django.urls import path

# The `<twin:fmt>` converter is registered once, by the residencies URLconf: import it first.
import arpenteur.residencies.urls  # noqa: F401

from . import views

app_name = "programmes"
urlpatterns = [
    path("programmes/", views.programme_list, name="list"),
    path("programmes/nouveau/", views.programme_create, name="create"),
    path("programmes/capitalisation/", views.operator_capitalisation, name="capitalisation_all"),
    path(
        "programmes/capitalisation.<twin:fmt>", views.operator_capitalisation, name="capitalisation_all_twin"
    ),
    path("programmes/<slug:slug>/", views.programme_detail, name="detail"),
    path("programmes/<slug:slug>/modifier/", views.programme_edit, name="edit"),
    path("programmes/<slug:slug>/editions/ajouter/", views.edition_add, name="edition_add"),
    path(
        "programmes/<slug:slug>/editions/<int:edition_pk>/retirer/",
        views.edition_delete,
        name="edition_delete",
    ),
    path("programmes/<slug:slug>/appels/nouveau/", views.call_edit, name="call_add"),
    path("programmes/<slug:slug>/appels/<int:call_pk>/", views.call_detail, name="call"),
    path("programmes/<slug:slug>/appels/<int:call_pk>/modifier/", views.call_edit, name="call_edit"),
]
urlpatterns += [
    path("programmes/<slug:slug>/appels/<int:call_pk>/candidater/", views.application_start, name="apply"),
    path("programmes/<slug:slug>/candidatures/", views.programme_applications, name="applications"),
    path(
        "programmes/<slug:slug>/candidatures.<twin:fmt>",
        views.programme_applications,
        name="applications_twin",
    ),
    path("candidatures/", views.my_applications, name="my_applications"),
    path("candidatures/<int:pk>/", views.application_detail, name="application"),
    path("candidatures/<int:pk>/pieces-jointes/", views.attachment_add, name="attachment_add"),
    path(
        "candidatures/<int:pk>/pieces-jointes/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "candidatures/<int:pk>/pieces-jointes/<int:attachment_pk>/retirer/",
        views.attachment_delete,
        name="attachment_delete",
    ),
]
urlpatterns += [
    path("programmes/<slug:slug>/portefeuille/", views.portfolio, name="portfolio"),
    path("programmes/<slug:slug>/portefeuille.<twin:fmt>", views.portfolio, name="portfolio_twin"),
    path("programmes/<slug:slug>/capitalisation/", views.programme_capitalisation, name="capitalisation"),
    path(
        "programmes/<slug:slug>/capitalisation.<twin:fmt>",
        views.programme_capitalisation,
        name="capitalisation_twin",
    ),
]
urlpatterns += [
    path("programmes/<slug:slug>/actualites/", views.news_list, name="news"),
    path("programmes/<slug:slug>/actualites/nouvelle/", views.news_edit, name="news_add"),
    path("programmes/<slug:slug>/actualites/<slug:news_slug>/", views.news_detail, name="news_detail"),
    path("programmes/<slug:slug>/actualites/<slug:news_slug>/modifier/", views.news_edit, name="news_edit"),
]
urlpatterns += [
    path("candidatures/<int:pk>/retenir/", views.application_select, name="application_select"),
    path("candidatures/<int:pk>/ecarter/", views.application_reject, name="application_reject"),
    path("candidatures/<int:pk>/noter/", views.application_score, name="application_score"),
]
