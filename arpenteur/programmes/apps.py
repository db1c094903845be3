from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "arpenteur.programmes"
    label = "programmes"
    verbose_name = "Programmes"
