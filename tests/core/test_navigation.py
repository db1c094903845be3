from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from arpenteur.core import registry


def test_menu_entries_registered_by_apps_show_to_their_audience(client, cast, monkeypatch):
    monkeypatch.setattr(registry, "_nav_items", [])
    registry.register_nav_item(
        registry.NavItem(order=2, label=_("Résidences (menu public)"), url_name="core:legal", section="legal")
    )
    registry.register_nav_item(
        registry.NavItem(
            order=1,
            label=_("Réservé aux membres"),
            url_name="residencies:list",
            section="x",
            audience="signed_in",
        )
    )

    anonymous_page = client.get(reverse("core:home")).content.decode()
    assert "Résidences (menu public)" in anonymous_page
    assert "Réservé aux membres" not in anonymous_page

    client.force_login(cast.outsider)
    member_page = client.get(reverse("core:home")).content.decode()
    assert member_page.index("Réservé aux membres") < member_page.index("Résidences (menu public)")


def test_registering_the_same_destination_twice_keeps_one_entry(monkeypatch):
    monkeypatch.setattr(registry, "_nav_items", [])
    item = registry.NavItem(order=1, label="Bibliothèque", url_name="core:legal", section="library")
    registry.register_nav_item(item)
    registry.register_nav_item(item)
    assert len(registry.nav_items(signed_in=True)) == 1


def test_the_public_entry_points_are_in_everyone_s_menu(client):
    """A visitor without an account finds the discovery page, the published residencies, the programmes
    and the library from the menu of any page."""
    page = client.get(reverse("core:home")).content.decode()
    for name in ("commissioning:discover", "publications:public_list", "programmes:list", "library:search"):
        assert f'href="{reverse(name)}"' in page, name
