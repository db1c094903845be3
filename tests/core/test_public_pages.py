import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["core:home", "core:accessibility", "core:legal", "accounts:login", "accounts:password_reset"]
)
def test_public_pages_open_without_an_account(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "Accessibilité : partiellement conforme" in response.content.decode()


def test_the_commune_search_is_public_reference_data(client):
    from ..factories import CommuneFactory

    CommuneFactory(peronne=True)
    results = client.get(reverse("territories:commune_search"), {"q": "PERONNE"}).json()["results"]
    assert [r["code"] for r in results] == ["80620"]
    assert (
        client.get(reverse("territories:commune_search"), {"q": "80620"}).json()["results"][0]["name"]
        == "Péronne"
    )
    assert client.get(reverse("territories:commune_search"), {"q": "%%'\";--"}).json()["results"] == []
