from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "arpenteur.commissioning"
    label = "commissioning"
    verbose_name = "Commande"

    def ready(self):
        from arpenteur.core.registry import DemoLoader, PhasePanel, register_demo_loader, register_phase_panel

        from . import demo, views

        register_phase_panel(
            PhasePanel(
                phase="commander",
                order=10,
                template="commissioning/panel.html",
                context=views.commander_panel,
            )
        )
        register_phase_panel(
            PhasePanel(
                phase="preparer",
                order=10,
                template="commissioning/panel_preparer.html",
                context=views.preparer_panel,
            )
        )
        register_demo_loader(DemoLoader(order=20, name="commissioning", load=demo.load))
