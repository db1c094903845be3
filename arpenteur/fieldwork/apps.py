from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "arpenteur.fieldwork"
    label = "fieldwork"
    verbose_name = "Arpenter"
