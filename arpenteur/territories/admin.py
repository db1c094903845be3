from django.contrib import admin

from .models import Commune, Departement, Epci, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "cog_year"]
    list_filter = ["cog_year"]
    search_fields = ["name", "code"]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "cog_year"]
    list_filter = ["cog_year"]
    search_fields = ["name", "code"]


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ["siren", "name", "kind", "cog_year"]
    list_filter = ["cog_year", "kind"]
    search_fields = ["name", "siren"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "departement", "population", "cog_year"]
    list_filter = ["cog_year", "kind"]
    search_fields = ["name", "code"]
    raw_id_fields = ["departement", "region", "epci", "parent"]
