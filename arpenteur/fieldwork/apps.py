from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "arpenteur.fieldwork"
    label = "fieldwork"
    verbose_name = "Arpenter"

    def ready(self):
        from arpenteur.core.registry import DemoLoader, PhasePanel, register_demo_loader, register_phase_panel

        from . import demo_actors, views_programme
        from .views_actors import phase_panel_context

        views_programme.register()  # programme panel (préparer, arpenter) and its demo loader

        # Actors, material and public contributions (the programme registers its own panel and loader).
        register_phase_panel(PhasePanel("arpenter", 20, "fieldwork/actors/panel.html", phase_panel_context))
        register_demo_loader(DemoLoader(order=31, name="fieldwork_actors", load=demo_actors.load))
