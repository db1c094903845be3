from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "arpenteur.territories"
    label = "territories"
    verbose_name = "Territoires"
