"""Main journeys of the foundation in a real browser: sign in, create a residency with the commune
autocomplete, the dashboard and phase pages — each page checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from arpenteur.residencies.demo import DEMO_TERRITORIES
from arpenteur.residencies.models import Residency
from arpenteur.territories.importers import import_territories

from ..factories import UserFactory
from ..personas import Cast
from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_with_a_wrong_then_right_password(page, live_server):
    UserFactory(email="maire@example.org")
    page.goto(live_server.url + "/")
    check_accessibility(page)
    page.get_by_role("link", name="Se connecter").first.click()
    check_accessibility(page)
    page.get_by_label("Adresse électronique").fill("maire@example.org")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("mot de passe incorrect")
    expect(page.get_by_label("Adresse électronique")).to_have_value("maire@example.org")
    check_accessibility(page)
    page.get_by_label("Mot de passe").fill("un-mot-de-passe-solide")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Résidences", level=1)).to_be_visible()
    check_accessibility(page)


def test_create_a_residency_with_the_commune_autocomplete_and_land_on_its_dashboard(page, live_server):
    import_territories([DEMO_TERRITORIES], cog_year=2024)
    UserFactory(email="coordination@example.org")
    sign_in(page, live_server, "coordination@example.org")
    page.get_by_role("link", name="Créer une résidence").first.click()
    check_accessibility(page)
    page.get_by_label("Titre de la résidence").fill("Péronne, faire repère")
    commune = page.get_by_role("combobox", name="Commune")
    commune.press_sequentially("péron", delay=30)
    option = page.get_by_role("option", name=re.compile("Péronne"))
    expect(option).to_be_visible()
    check_accessibility(page)
    commune.press("ArrowDown")
    commune.press("Enter")
    expect(commune).to_have_value(re.compile("80620"))
    page.get_by_label("Résidence « 3 temps »").check()
    page.get_by_label("Début").fill("2026-09-01")
    page.get_by_label("Fin").fill("2027-01-29")
    page.get_by_role("button", name="Créer la résidence").click()
    expect(page.get_by_role("heading", name="Péronne, faire repère", level=1)).to_be_visible()
    residency = Residency.objects.get()
    assert residency.commune.code == "80620" and residency.sessions.count() == 4
    expect(page.get_by_role("navigation", name="Phases de la résidence").get_by_role("link")).to_have_count(8)
    check_accessibility(page)


def test_the_dashboard_and_every_phase_page_for_a_team_member_on_a_phone(phone_page, live_server):
    cast = Cast.build()
    cast.team_member.set_password("un-mot-de-passe-solide")
    cast.team_member.save()
    sign_in(phone_page, live_server, cast.team_member.email)
    phone_page.get_by_role("link", name=cast.residency.title).click()
    expect(phone_page.get_by_role("heading", name="Temps sur site", level=2)).to_be_visible()
    check_accessibility(phone_page)
    phases = phone_page.get_by_role("navigation", name="Phases de la résidence").get_by_role("link")
    for index in range(8):
        phases.nth(index).click()
        expect(phone_page.get_by_role("heading", name=re.compile("^Phase « "))).to_be_visible()
        check_accessibility(phone_page)
