from django.urls import path

from . import views

app_name = "analysis"
P = "residences/<int:pk>/analyse/"
urlpatterns = [
    path(P + "codes/", views.codebook, name="codebook"),
    path(P + "codes/depart/", views.codebook_starter, name="codebook_starter"),
    path(P + "codes/export.csv", views.codebook_export, name="codebook_export"),
    path(P + "codes/couleurs.css", views.codebook_css, name="codebook_css"),
    path(P + "codes/import/", views.codebook_import, name="codebook_import"),
    path(P + "codes/fusion/", views.code_merge, name="code_merge"),
    path(P + "codes/<int:code_pk>/", views.code_edit, name="code_edit"),
    path(P + "codes/<int:code_pk>/supprimer/", views.code_delete, name="code_delete"),
]
