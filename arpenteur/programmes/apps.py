from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "arpenteur.programmes"
    label = "programmes"
    verbose_name = "Programmes"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from arpenteur.core.registry import DemoLoader, NavItem, register_demo_loader, register_nav_item

        from . import demo

        register_nav_item(
            NavItem(order=70, label=_("Programmes"), url_name="programmes:list", section="programmes")
        )
        register_demo_loader(DemoLoader(order=70, name="programmes", load=demo.load))
