"""The demo programmes load, twice without change, and their pages render for the operator."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from arpenteur.accounts.models import User
from arpenteur.programmes.models import Application, NewsPost, PortfolioEntry, Programme

pytestmark = pytest.mark.django_db


def test_demo_programmes(client):
    call_command("seed_demo", stdout=io.StringIO())
    counts = [m.objects.count() for m in (Programme, Application, NewsPost, PortfolioEntry)]
    call_command("seed_demo", stdout=io.StringIO())
    assert [m.objects.count() for m in (Programme, Application, NewsPost, PortfolioEntry)] == counts
    hdf = Programme.objects.get(slug="residences-hauts-de-france")
    adt = Programme.objects.get(slug="atelier-des-territoires")
    assert adt.editions.filter(title="Mieux aménager avec des sols vivants", year=2021).exists()
    assert {e.residency.commune.name for e in hdf.portfolio.select_related("residency__commune")} == {
        "Péronne",
        "Tergnier",
        "Clermont",
        "Abbeville",
        "Saint-Quentin",
    }
    public = client.get(reverse("programmes:detail", args=[hdf.slug])).content.decode()
    assert "Péronne" in public and "Cahier de synthèse de la résidence de Péronne" in public
    assert "Tergnier, la résidence s’achève !" in public
    client.force_login(User.objects.get(email="residences@region.example.org"))
    for name in ("programmes:portfolio", "programmes:applications", "programmes:news"):
        assert client.get(reverse(name, args=[hdf.slug])).status_code == 200
    application = Application.objects.filter(call__programme=hdf).first()
    assert client.get(reverse("programmes:application", args=[application.pk])).status_code == 200
    geojson = client.get(reverse("programmes:portfolio_twin", args=[hdf.slug, "geojson"])).json()
    assert len(geojson["features"]) == 5
    # The capitalisation page compares the earlier, documented residencies of the programme.
    capitalisation = client.get(reverse("programmes:capitalisation", args=[hdf.slug])).content.decode()
    assert "Centre-bourg vivant" in capitalisation and "Balade urbaine" in capitalisation
    assert "3 actions réalisées" in capitalisation and "Résidence longue" in capitalisation
