"""The demo catalogue: seed 003's resources, seed 002's training module with its programme, and the
initiatives they cite on the map; loaded idempotently by `seed_demo`."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from arpenteur.library import demo
from arpenteur.library.browse import browse
from arpenteur.library.models import Item, Kind, TrainingSlot

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    demo.load({})
    return {item.reference: item for item in Item.objects.prefetch_related("themes")}


def test_every_seed_entry_is_loaded_with_its_fields(loaded):
    for entry in demo.RESOURCES:
        item = loaded[entry["reference"]]
        assert item.title == entry["title"] and item.kind == Kind.RESOURCE and item.is_published
        assert item.item_type == entry["item_type"] and item.summary
        assert item.structure or item.author
        assert {theme.slug for theme in item.themes.all()} == set(entry["themes"])
    senate = loaded["demo-senat-intercommunalite-de-la-confiance"]
    assert (senate.item_type, senate.year_start, senate.project_type) == ("rapport", 2025, "cooperation")
    assert senate.safe_links == [{"url": "https://www.senat.fr/", "label": "Sénat"}]
    assert loaded["demo-partager-l-eau-en-france"].get_licence_display() == "Tous droits réservés"


def test_experiences_are_placed_on_the_map_with_their_territory(loaded):
    experiences = [item for item in loaded.values() if item.kind == Kind.EXPERIENCE]
    assert len(experiences) == len(demo.EXPERIENCES)
    assert all(item.latitude and item.longitude and item.territory_name for item in experiences)
    brest = loaded["demo-brest-amenagement-resilient"]
    assert (brest.territory_level, brest.territory_code) == ("commune", "29019")
    geo = browse(QueryDict("nature=experience")).map_points()
    assert len(geo) == len(demo.EXPERIENCES)


def test_loading_twice_changes_nothing(loaded):
    counts = (Item.objects.count(), TrainingSlot.objects.count())
    demo.load({})
    assert (Item.objects.count(), TrainingSlot.objects.count()) == counts


def test_demo_catalogue_answers_a_natural_french_search(loaded):
    titles = [item.title for item in browse(QueryDict("q=aménager")).results]
    assert "Habiter les villages : le défi du bâti" in titles
    assert "Agir pour la transition énergétique et climatique de son territoire" in titles


def test_the_training_module_shows_its_two_day_programme(client, loaded):
    module = loaded[demo.TRAINING["reference"]]
    response = client.get(reverse("library:detail", args=[module.pk]))
    content = response.content.decode()
    assert "Jour 1" in content and "Jour 2" in content
    assert "9h15 – 9h30" in content
    assert "Synthèse et évaluation de la formation" in content
    assert "Pierre-Mathieu Degruel" in content
    assert content.index("Accueil des stagiaires sur ZOOM") < content.index("Pause déjeuner")
