"""The resource centre in a real browser: a French search, facets, the map of results, a detail page
with its map, a training module's programme, and the suggestions on a residency's phase page —
each page checked with axe-core, on a desktop and on a phone."""

import importlib
import re

import pytest
from playwright.sync_api import expect

from arpenteur.library import demo
from arpenteur.library.models import Item, Theme

from ..personas import Cast
from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(db):
    """The demo catalogue (live-server tests flush the themes of the data migration: put them back)."""
    themes = importlib.import_module("arpenteur.library.migrations.0003_themes").THEMES
    for position, (slug, name) in enumerate(themes, start=1):
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "position": position * 10})
    demo.load({})
    return {item.reference: item for item in Item.objects.all()}


def _count(page) -> int:
    text = page.locator(".library-count").inner_text()
    return int(re.sub(r"\D", "", text.split("fiche")[0]))


def test_search_in_french_narrow_with_facets_and_see_the_map(page, live_server, catalogue):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Bibliothèque", exact=True).first.click()
    expect(page.get_by_role("heading", name="Bibliothèque des ressources et des expériences")).to_be_visible()
    everything = _count(page)
    assert everything == len(catalogue)
    expect(page.locator("#library-map")).to_have_attribute("data-ready", str(len(demo.EXPERIENCES)))
    check_accessibility(page)

    page.get_by_label("Mots recherchés").fill("AMENAGER")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator(".library-list mark").first).to_be_visible()
    found = _count(page)
    assert 0 < found < everything
    check_accessibility(page)

    types = page.get_by_role("group", name="Type", exact=True)
    types.get_by_label(re.compile("^Initiatives locales")).check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page.get_by_role("list", name="Filtres actifs")).to_contain_text("Type : Initiatives locales")
    narrowed = _count(page)
    assert 0 < narrowed < found
    # The map follows the results: only the initiatives found are placed.
    expect(page.locator("#library-map")).to_have_attribute("data-ready", str(narrowed))
    expect(page.locator("#library-map .leaflet-interactive")).to_have_count(narrowed)
    check_accessibility(page)

    # Removing the filter brings the other results back; the words typed are kept.
    page.get_by_role("link", name=re.compile("Type : Initiatives locales")).click()
    assert _count(page) == found
    expect(page.get_by_label("Mots recherchés")).to_have_value("AMENAGER")

    page.get_by_role("link", name="Brest : végétaliser et aménager pour un urbanisme résilient").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Brest : végétaliser et aménager pour un urbanisme résilient"
    )
    expect(page.locator("#library-map")).to_have_attribute("data-ready", "1")
    check_accessibility(page)


def test_symbols_only_get_a_french_message_not_an_error(page, live_server, catalogue):
    page.goto(live_server.url + "/bibliotheque/")
    page.get_by_label("Mots recherchés").fill('"*()%% ^&|!')
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("ne contient aucun mot exploitable")).to_be_visible()
    assert _count(page) == len(catalogue)


def test_a_training_module_shows_its_programme_on_a_phone(phone_page, live_server, catalogue):
    module = catalogue[demo.TRAINING["reference"]]
    phone_page.goto(live_server.url + "/bibliotheque/?q=stratégie+résidentielle")
    phone_page.get_by_role("link", name=module.title).click()
    expect(phone_page.get_by_role("table", name="Jour 1")).to_contain_text("Accueil des stagiaires sur ZOOM")
    expect(phone_page.get_by_role("table", name="Jour 2")).to_contain_text(
        "Synthèse et évaluation de la formation"
    )
    check_accessibility(phone_page)
    phone_page.goto(live_server.url + "/bibliotheque/boite-a-outils/")
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text("Boîte à outils")
    check_accessibility(phone_page)


def test_a_coordinator_finds_what_other_territories_did_from_the_residency(page, live_server, catalogue):
    cast = Cast.build()
    cast.residency.question = "Comment végétaliser les espaces publics et aménager les mobilités douces ?"
    cast.residency.save()
    sign_in(page, live_server, cast.coordinator.email)
    page.goto(live_server.url + f"/residences/{cast.residency.pk}/phases/reveler/")
    panel = page.get_by_role("region", name="D’autres territoires ont agi sur…")
    expect(panel).to_contain_text("Valence : végétalisation et mobilité douce")
    check_accessibility(page)
    panel.get_by_role("link", name=re.compile("Plus de résultats dans la bibliothèque")).first.click()
    expect(page.get_by_label("Exiger")).to_have_value("un")
    assert _count(page) >= 2
