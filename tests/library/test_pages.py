"""Public pages of the library: search with facets and map, detail, twins; drafts never leak."""

import pytest
from django.urls import reverse

from ..personas import PERSONAS
from .factories import ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(db):
    return [
        ItemFactory(
            title="Guide de l'aménagement durable",
            summary="Comment aménager un centre-bourg <script>alert(1)</script>.",
            themes=["amenagement"],
            latitude=49.93,
            longitude=2.93,
            territory_name="Péronne",
            links=[{"url": "https://example.org/guide", "label": "Le guide"}, {"url": "javascript:alert(1)"}],
        ),
        ItemFactory(
            title="Épicerie solidaire", experience=True, themes=["commerce"], latitude=48.1, longitude=-1.6
        ),
        ItemFactory(title="Brouillon secret", is_published=False, themes=["amenagement"]),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_reads_the_library_but_drafts_stay_hidden(client_for, cast, items, persona):
    client = client_for(cast.user(persona))
    response = client.get(reverse("library:search"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Guide de l&#x27;aménagement durable" in content
    assert "Brouillon secret" not in content
    detail = client.get(reverse("library:detail", args=[items[2].pk]))
    assert detail.status_code == (200 if persona == "staff" else 404)


def test_search_page_highlights_and_escapes(client, items):
    response = client.get(reverse("library:search"), {"q": "aménager"})
    content = response.content.decode()
    assert "<mark>aménager</mark>" in content
    assert "<script>alert(1)</script>" not in content
    assert 'id="library-map-points"' in content
    assert "1 fiche trouvée" in content


def test_search_page_stays_within_its_query_budget(client, items, django_assert_max_num_queries):
    ItemFactory.create_batch(30, themes=["eau"], latitude=45.0, longitude=3.0)
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("library:search"), {"q": "guide", "theme": ["eau", "amenagement"], "periode": "2020"}
        )
    assert response.status_code == 200


def test_symbols_get_a_clear_message_not_an_error(client, items):
    response = client.get(reverse("library:search"), {"q": "\"*()%%'"})
    assert response.status_code == 200
    assert "ne contient aucun mot exploitable" in response.content.decode()


def test_twins_follow_the_search(client, items):
    data = client.get(reverse("library:search_twin", args=["json"]), {"theme": "amenagement"}).json()
    assert [row["titre"] for row in data["results"]] == ["Guide de l'aménagement durable"]
    assert data["results"][0]["thematiques"] == ["amenagement"]
    csv_text = b"".join(client.get(reverse("library:search_twin", args=["csv"])).streaming_content).decode()
    assert csv_text.splitlines()[0].lstrip("\ufeff").startswith("identifiant;nature;titre")
    assert "Brouillon secret" not in csv_text
    geo = client.get(reverse("library:search_twin", args=["geojson"])).json()
    assert len(geo["features"]) == 2


def test_detail_page_shows_safe_links_only_and_a_map(client, items):
    response = client.get(reverse("library:detail", args=[items[0].pk]))
    content = response.content.decode()
    assert "https://example.org/guide" in content
    assert "javascript:" not in content
    assert 'id="library-map"' in content
    assert client.get(reverse("library:detail_twin", args=[items[0].pk, "json"])).json()["results"][0][
        "titre"
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_staff_see_the_link_to_import(client_for, cast, persona):
    content = client_for(cast.user(persona)).get(reverse("library:search")).content.decode()
    assert (reverse("library:import") in content) == (persona == "staff")


def test_the_menu_leads_to_the_library(client):
    content = client.get("/").content.decode()
    assert f'href="{reverse("library:search")}"' in content
