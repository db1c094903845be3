"""The portfolio (operators only, with twins and a bounded number of queries), the public programme
page (territories, cahiers de synthèse) and news posts."""

import pytest
from django.urls import reverse

from arpenteur.programmes.models import NewsPost, PortfolioEntry
from arpenteur.residencies.models import Party

from ..factories import CommuneFactory, OrganisationFactory, ResidencyFactory
from .conftest import PROGRAMME_PERSONAS
from .factories import NewsPostFactory, PortfolioEntryFactory

pytestmark = pytest.mark.django_db

OPERATORS = {"operator", "staff"}


@pytest.mark.parametrize("persona", PROGRAMME_PERSONAS)
@pytest.mark.parametrize("fmt", [None, "json", "csv", "geojson"])
def test_portfolio_is_for_operators_only(client_for, pcast, persona, fmt):
    slug = pcast.programme.slug
    url = (
        reverse("programmes:portfolio_twin", args=[slug, fmt])
        if fmt
        else reverse("programmes:portfolio", args=[slug])
    )
    response = client_for(pcast.user(persona)).get(url)
    expected = 200 if persona in OPERATORS else 302 if persona == "anonymous" else 403
    assert response.status_code == expected


def _grow_portfolio(pcast, n):
    team = OrganisationFactory(name="Collectif Lisière", kind="equipe")
    for i in range(n):
        residency = ResidencyFactory(
            commune=CommuneFactory(name=f"Ville {i}", latitude=49 + i / 100, longitude=3)
        )
        Party.objects.create(residency=residency, organisation=team, role=Party.Role.LEAD_CONTRACTOR)
        PortfolioEntryFactory(programme=pcast.programme, residency=residency, budget=10000 + i)


def test_portfolio_table_map_and_twins_share_filters_with_bounded_queries(
    client_for, pcast, django_assert_max_num_queries
):
    _grow_portfolio(pcast, 12)
    client = client_for(pcast.cast.operator)
    url = reverse("programmes:portfolio", args=[pcast.programme.slug])
    with django_assert_max_num_queries(14):
        page = client.get(url)
    body = page.content.decode()
    assert "Collectif Lisière" in body and "13 résidences" in body
    assert 'data-geojson="/programmes/residences-region/portefeuille.geojson"' in body
    geojson_url = reverse("programmes:portfolio_twin", args=[pcast.programme.slug, "geojson"])
    with django_assert_max_num_queries(10):
        collection = client.get(geojson_url).json()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 13
    assert collection["features"][0]["geometry"]["type"] == "Point"
    filtered = client.get(geojson_url, {"q": "Ville 1"}).json()
    assert {f["properties"]["commune"] for f in filtered["features"]} == {"Ville 1", "Ville 10", "Ville 11"}
    rows = client.get(
        reverse("programmes:portfolio_twin", args=[pcast.programme.slug, "json"]), {"q": "Ville 3"}
    ).json()
    assert rows["results"][0]["equipe"] == "Collectif Lisière" and rows["results"][0]["budget"] == "10003"
    csv = b"".join(
        client.get(reverse("programmes:portfolio_twin", args=[pcast.programme.slug, "csv"])).streaming_content
    )
    assert csv.decode().count("\n") == 14


def test_portfolio_filters_by_phase_and_rejects_nonsense_quietly(client_for, pcast):
    _grow_portfolio(pcast, 2)
    client = client_for(pcast.cast.operator)
    url = reverse("programmes:portfolio_twin", args=[pcast.programme.slug, "json"])
    assert client.get(url, {"phase": "commander"}).json()["results"] != []
    assert client.get(url, {"phase": "restituer"}).json()["results"] == []
    # An unknown choice is ignored (the form is invalid), never a server error.
    assert client.get(url, {"phase": "<script>", "edition": "x"}).status_code == 200


def test_public_page_lists_only_territories_the_operator_chose_to_name(client, pcast):
    hidden = ResidencyFactory(commune=CommuneFactory(name="Commune discrète"))
    PortfolioEntryFactory(programme=pcast.programme, residency=hidden, listed_publicly=False)
    PortfolioEntry.objects.filter(residency=pcast.cast.residency).update(
        synthesis_title="Cahier de synthèse de Péronne", synthesis_url="https://example.org/peronne.pdf"
    )
    page = client.get(reverse("programmes:detail", args=[pcast.programme.slug])).content.decode()
    assert "Péronne" in page and "Commune discrète" not in page
    assert "Cahier de synthèse de Péronne" in page
    # The residency itself stays private: its title is not on the public page.
    assert pcast.cast.residency.title not in page


def test_public_page_says_when_no_cahier_is_published(client, pcast):
    page = client.get(reverse("programmes:detail", args=[pcast.programme.slug])).content.decode()
    assert "Aucun cahier de synthèse n’est encore publié." in page


@pytest.mark.parametrize("persona", PROGRAMME_PERSONAS)
def test_news_public_when_published_drafts_for_operators(client_for, pcast, persona):
    published = NewsPostFactory(programme=pcast.programme, title="Tergnier, la résidence s’achève !")
    draft = NewsPostFactory(programme=pcast.programme, title="Brouillon d’actualité", is_published=False)
    client = client_for(pcast.user(persona))
    listing = client.get(reverse("programmes:news", args=[pcast.programme.slug])).content.decode()
    assert "Tergnier, la résidence s’achève !" in listing
    assert ("Brouillon d’actualité" in listing) == (persona in OPERATORS)
    assert (
        client.get(reverse("programmes:news_detail", args=[pcast.programme.slug, published.slug])).status_code
        == 200
    )
    draft_status = client.get(
        reverse("programmes:news_detail", args=[pcast.programme.slug, draft.slug])
    ).status_code
    assert draft_status == (200 if persona in OPERATORS else 404)
    add = client.get(reverse("programmes:news_add", args=[pcast.programme.slug])).status_code
    assert add == (200 if persona in OPERATORS else 302 if persona == "anonymous" else 403)


def test_operator_writes_a_news_post_with_a_unique_address(client_for, pcast):
    client = client_for(pcast.cast.operator)
    url = reverse("programmes:news_add", args=[pcast.programme.slug])
    data = {
        "title": "Résidence à Péronne",
        "body": "Le cahier est disponible.",
        "published_at": "2026-05-10T10:00",
        "is_published": "on",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert sorted(NewsPost.objects.values_list("slug", flat=True)) == [
        "residence-a-peronne",
        "residence-a-peronne-2",
    ]
    response = client.post(url, {**data, "title": ""})
    assert response.status_code == 200 and "Le cahier est disponible." in response.content.decode()


def test_news_of_an_unpublished_programme_stay_private(client, pcast):
    post = NewsPostFactory(programme=pcast.programme)
    pcast.programme.is_published = False
    pcast.programme.save()
    assert (
        client.get(reverse("programmes:news_detail", args=[pcast.programme.slug, post.slug])).status_code
        == 404
    )


def _publish(residency, *, published=True):
    from django.utils import timezone

    from arpenteur.publications.models import Deliverable, Publication

    now = timezone.now()
    Publication.objects.create(
        residency=residency,
        commissioner_opt_in_at=now,
        coordinator_opt_in_at=now if published else None,
        published_at=now if published else None,
    )
    return Deliverable.objects.create(
        residency=residency,
        kind="cahier",
        status="pret",
        file="publications/cahier.pdf",
        licence="CC-BY-SA-4.0",
    )


def test_published_deliverables_of_a_published_residency_show_in_the_portfolio_and_public_page(
    client_for, client, pcast
):
    entry = pcast.programme.portfolio.get()
    entry.listed_publicly = False
    entry.save()
    cahier = _publish(pcast.cast.residency)
    public_url = reverse("publications:public_deliverable", args=[pcast.cast.residency.pk, cahier.pk])
    portfolio = client_for(pcast.cast.operator).get(
        reverse("programmes:portfolio", args=[pcast.programme.slug])
    )
    assert public_url in portfolio.content.decode() and "Page publique" in portfolio.content.decode()
    rows = (
        client_for(pcast.cast.operator)
        .get(reverse("programmes:portfolio_twin", args=[pcast.programme.slug, "json"]))
        .json()["results"]
    )
    assert any(public_url in item for item in rows[0]["livrables_publies"])
    client.logout()
    page = client.get(reverse("programmes:detail", args=[pcast.programme.slug])).content.decode()
    assert public_url in page


def test_deliverables_of_a_residency_not_yet_published_stay_private(client_for, client, pcast):
    cahier = _publish(pcast.cast.residency, published=False)
    public_url = reverse("publications:public_deliverable", args=[pcast.cast.residency.pk, cahier.pk])
    portfolio = client_for(pcast.cast.operator).get(
        reverse("programmes:portfolio", args=[pcast.programme.slug])
    )
    assert public_url not in portfolio.content.decode()
    client.logout()
    assert (
        public_url
        not in client.get(reverse("programmes:detail", args=[pcast.programme.slug])).content.decode()
    )
