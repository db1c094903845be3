from django.apps import AppConfig


class ResidenciesConfig(AppConfig):
    name = "arpenteur.residencies"
    label = "residencies"
    verbose_name = "Résidences"

    def ready(self):
        from arpenteur.core.registry import DemoLoader, register_demo_loader

        from . import demo

        register_demo_loader(DemoLoader(order=10, name="residencies", load=demo.load))
