from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "arpenteur.commissioning"
    label = "commissioning"
    verbose_name = "Commande"
