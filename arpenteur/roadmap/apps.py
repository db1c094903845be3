from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "arpenteur.roadmap"
    label = "roadmap"
    verbose_name = "Feuille de route"
