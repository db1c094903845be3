from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "arpenteur.fieldwork"
    label = "fieldwork"
    verbose_name = "Arpenter"

    def ready(self):
        from . import views_programme

        views_programme.register()  # programme panel (préparer, arpenter) and its demo loader
