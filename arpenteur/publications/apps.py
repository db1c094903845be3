from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "arpenteur.publications"
    label = "publications"
    verbose_name = "Publications"

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
                phase="restituer",
                order=10,
                template="publications/panels/restituer.html",
                context=views.restituer_panel_context,
            )
        )
        register_nav_item(
            NavItem(
                order=60,
                label=_("Résidences publiées"),
                url_name="publications:public_list",
                section="published",
            )
        )
        register_demo_loader(DemoLoader(order=60, name="publications", load=demo.load))
