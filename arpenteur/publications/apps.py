from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "arpenteur.publications"
    label = "publications"
    verbose_name = "Publications"
