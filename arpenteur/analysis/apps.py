from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "arpenteur.analysis"
    label = "analysis"
    verbose_name = "Analyse"

    def ready(self):
        from arpenteur.core.registry import DemoLoader, PhasePanel, register_demo_loader, register_phase_panel

        from . import demo
        from .views_board import phase_panel_context

        register_phase_panel(PhasePanel("reveler", 40, "analysis/panel_reveler.html", phase_panel_context))
        register_phase_panel(
            PhasePanel("prefigurer", 10, "analysis/panel_prefigurer.html", phase_panel_context)
        )
        register_demo_loader(DemoLoader(order=40, name="analysis", load=demo.load))
