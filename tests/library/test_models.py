"""The catalogue's models: resources and experiences share one table and split through proxies."""

import pytest

from arpenteur.library.models import Experience, Item, Resource, Theme

from .factories import ItemFactory

pytestmark = pytest.mark.django_db


def test_resource_and_experience_proxies_split_the_catalogue():
    guide = ItemFactory(title="Guide de la marche exploratoire")
    initiative = ItemFactory(title="Une épicerie en centre-bourg", experience=True)
    assert list(Resource.objects.all()) == [guide]
    assert [e.pk for e in Experience.objects.all()] == [initiative.pk]
    assert Item.objects.count() == 2


def test_default_themes_are_installed_by_migration():
    assert {"amenagement", "energie", "eau", "adaptation", "habitat", "democratie"} <= set(
        Theme.objects.values_list("slug", flat=True)
    )


def test_indexing_sets_decade_and_tokens():
    item = ItemFactory(title="Aménagements cyclables", year_start=2017, themes=["mobilites"])
    item.refresh_from_db()
    assert item.decade == 2010
    assert "amenag" in item.search_title.split()
    assert "mobil" in item.search_body.split()
