from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "arpenteur.library"
    label = "library"
    verbose_name = "Bibliothèque"

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

        from . import demo, panels

        # Suggestions where a residency names its concerns (diagnosis), acts on them (roadmap) and
        # shares what it learnt (capitalisation); shown last, after each phase's own tools.
        for phase in ("reveler", "prefigurer", "capitaliser"):
            register_phase_panel(
                PhasePanel(phase, 90, "library/panels/related.html", panels.residency_panel_context)
            )
        register_nav_item(
            NavItem(order=80, label=_("Bibliothèque"), url_name="library:search", section="library")
        )
        register_demo_loader(DemoLoader(order=80, name="library", load=demo.load))
