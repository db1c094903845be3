from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "arpenteur.programmes"
    label = "programmes"
    verbose_name = "Programmes"

    def ready(self):
        from arpenteur.core.registry import DemoLoader, register_demo_loader

        from . import demo

        register_demo_loader(DemoLoader(order=70, name="programmes", load=demo.load))
