"""The « boîte à outils »: the common methods catalogue, public; residency methods stay private."""

import pytest
from django.urls import reverse

from arpenteur.fieldwork.models import Method

from ..personas import PERSONAS
from .factories import ItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_browses_the_toolbox(client_for, cast, persona):
    Method.objects.create(slug="methode-privee", name="Méthode maison de Péronne", residency=cast.residency)
    response = client_for(cast.user(persona)).get(reverse("library:toolbox"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "World café" in content
    assert "Méthode maison" not in content


def test_toolbox_search_is_french(client):
    response = client.get(reverse("library:toolbox"), {"q": "cartes sensibles"})
    content = response.content.decode()
    assert "Carte sensible" in content
    assert "World café" not in content


def test_method_page_links_library_resources(client):
    ItemFactory(title="Guide du world café", summary="Organiser un world café.")
    response = client.get(reverse("library:method", args=["world-cafe"]))
    assert response.status_code == 200
    assert "Guide du world café" in response.content.decode()
    assert client.get(reverse("library:method", args=["inconnue"])).status_code == 404
