from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "arpenteur.analysis"
    label = "analysis"
    verbose_name = "Analyse"
