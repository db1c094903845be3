from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "arpenteur.core"
    label = "core"
    verbose_name = "Socle"
