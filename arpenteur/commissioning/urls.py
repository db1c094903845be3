from django.urls import path

from . import views

# Twins are spelled out (`.json`, `.xlsx`) rather than through a registered converter: converters
# are global, and other apps register their own.
app_name = "commissioning"
R = "residences/<int:pk>/commande/"
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
]
