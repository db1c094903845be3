# The <twin:fmt> converter is registered once, by residencies.urls (included before this module).
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
urlpatterns += [
    path(P + "coder/", views.coding_list, name="coding_list"),
    path(P + "coder/<int:material_pk>/", views.coding_material, name="coding_material"),
    path(P + "extraits/<int:segment_pk>/memo/", views.segment_memo, name="segment_memo"),
    path(P + "extraits/<int:segment_pk>/supprimer/", views.segment_delete, name="segment_delete"),
    path(P + "extraits/<int:segment_pk>/retirer/<int:code_pk>/", views.segment_untag, name="segment_untag"),
]

from . import views_findings  # noqa: E402

urlpatterns += [
    path(P + "constats/", views_findings.finding_list, name="finding_list"),
    path(
        "residences/<int:pk>/analyse/constats.<twin:fmt>",
        views_findings.finding_list,
        name="finding_list_twin",
    ),
    path(P + "constats/nouveau/", views_findings.finding_edit, name="finding_create"),
    path(P + "constats/<int:finding_pk>/", views_findings.finding_detail, name="finding_detail"),
    path(P + "constats/<int:finding_pk>/modifier/", views_findings.finding_edit, name="finding_edit"),
    path(P + "constats/<int:finding_pk>/supprimer/", views_findings.finding_delete, name="finding_delete"),
    path(P + "preuves/<int:evidence_pk>/retirer/", views_findings.evidence_remove, name="evidence_remove"),
    path(P + "enjeux/", views_findings.enjeu_list, name="enjeu_list"),
    path(P + "enjeux/nouveau/", views_findings.enjeu_edit, name="enjeu_create"),
    path(P + "enjeux/<int:enjeu_pk>/", views_findings.enjeu_detail, name="enjeu_detail"),
    path(P + "enjeux/<int:enjeu_pk>/modifier/", views_findings.enjeu_edit, name="enjeu_edit"),
    path(P + "enjeux/<int:enjeu_pk>/supprimer/", views_findings.enjeu_delete, name="enjeu_delete"),
    path(P + "materiaux/<int:material_pk>/usages/", views_findings.material_usage, name="material_usage"),
]

from . import views_board, views_reports  # noqa: E402

urlpatterns += [
    path(P + "tableau/", views_board.board, name="board"),
    path(P + "tableau/<int:code_pk>/", views_board.board_code, name="board_code"),
    path(
        "residences/<int:pk>/analyse/tableau/<int:code_pk>.<twin:fmt>",
        views_board.board_code,
        name="board_code_twin",
    ),
    path(P + "diagnostic/", views_board.diagnosis, name="diagnosis"),
    path(P + "etonnement/", views_reports.report_list, name="report_list"),
    path(P + "etonnement/nouveau/", views_reports.report_edit, name="report_create"),
    path(P + "etonnement/<int:report_pk>/", views_reports.report_detail, name="report_detail"),
    path(P + "etonnement/<int:report_pk>/modifier/", views_reports.report_edit, name="report_edit"),
    path(P + "etonnement/<int:report_pk>/pdf/", views_reports.report_pdf, name="report_pdf"),
    path(P + "exports/<int:export_pk>/", views_reports.export_status, name="export_status"),
    path(P + "exports/<int:export_pk>/telecharger/", views_reports.export_download, name="export_download"),
]
