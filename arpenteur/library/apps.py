from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "arpenteur.library"
    label = "library"
    verbose_name = "Bibliothèque"
