from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "arpenteur.workshops"
    label = "workshops"
    verbose_name = "Ateliers"
