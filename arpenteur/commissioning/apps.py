from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "arpenteur.commissioning"
    label = "commissioning"
    verbose_name = "Commande"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from arpenteur.core.registry import (
            DemoLoader,
            NavItem,
            PhasePanel,
            register_demo_loader,
            register_nav_item,
            register_phase_panel,
        )

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
        # The discovery page is how a commune first meets Arpenteur: in the menu for everyone.
        register_nav_item(
            NavItem(order=20, label=_("Commander"), url_name="commissioning:discover", section="commander")
        )
        register_demo_loader(DemoLoader(order=20, name="commissioning", load=demo.load))
