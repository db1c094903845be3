from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "arpenteur.workshops"
    label = "workshops"
    verbose_name = "Ateliers"

    def ready(self):
        from arpenteur.core.registry import PhasePanel, register_phase_panel

        from . import panels

        register_phase_panel(
            PhasePanel(
                phase="prefigurer",
                order=10,
                template="workshops/partials/panel.html",
                context=panels.prioritisation_panel,
            )
        )
