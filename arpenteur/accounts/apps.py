from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "arpenteur.accounts"
    label = "accounts"
    verbose_name = "Comptes et organisations"
