from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "arpenteur.commissioning"
    label = "commissioning"
    verbose_name = "Commande"

    def ready(self):
        from arpenteur.core.registry import PhasePanel, register_phase_panel

        from . import views

        register_phase_panel(
            PhasePanel(
                phase="commander",
                order=10,
                template="commissioning/panel.html",
                context=views.commander_panel,
            )
        )
