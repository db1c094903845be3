from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "arpenteur.roadmap"
    label = "roadmap"
    verbose_name = "Feuille de route"

    def ready(self):
        from arpenteur.analysis import trace as analysis_trace
        from arpenteur.core.registry import DemoLoader, PhasePanel, register_demo_loader, register_phase_panel

        from . import demo, trace
        from .views import phase_panel_context

        # Préfigurer: where the roadmap is written; Suivre: where its actions are followed.
        register_phase_panel(PhasePanel("prefigurer", 30, "roadmap/panel.html", phase_panel_context))
        register_phase_panel(PhasePanel("suivre", 10, "roadmap/panel.html", phase_panel_context))
        analysis_trace.register_usage_provider(trace.action_usage)
        register_demo_loader(DemoLoader(order=50, name="roadmap", load=demo.load))
