from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "arpenteur.publications"
    label = "publications"
    verbose_name = "Publications"

    def ready(self):
        from arpenteur.core.registry import DemoLoader, PhasePanel, register_demo_loader, register_phase_panel

        from . import demo, views

        register_phase_panel(
            PhasePanel(
                phase="restituer",
                order=10,
                template="publications/panels/restituer.html",
                context=views.restituer_panel_context,
            )
        )
        register_demo_loader(DemoLoader(order=60, name="publications", load=demo.load))
