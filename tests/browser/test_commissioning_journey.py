"""The commissioner's whole journey in a real browser: from the public discovery page to an awarded
team — intention, budget from an example, a procurement document, the team directory, an offer,
the jury's marks and the award — each page checked with axe-core."""

import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from arpenteur.commissioning.models import Offer
from arpenteur.residencies.demo import DEMO_TERRITORIES
from arpenteur.residencies.models import Party, Residency
from arpenteur.territories.importers import import_territories

from ..factories import UserFactory
from .conftest import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def _commission_reference_data():
    """The live server flushes data migrations: put back thresholds, examples and templates."""
    seed = importlib.import_module("arpenteur.commissioning.migrations.0003_seed_reference_data")
    seed.seed(apps, None)


@pytest.mark.usefixtures("_commission_reference_data")
def test_from_the_discovery_page_to_an_awarded_team(page, live_server):
    import_territories([DEMO_TERRITORIES], cog_year=2024)
    UserFactory(email="maire@example.org", full_name="Sophie Delattre")

    # Discover, without an account.
    page.goto(live_server.url + "/commander/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Commencer ma commande").click()

    # Sign in and create the residency as its commissioner.
    page.get_by_label("Adresse électronique").fill("maire@example.org")
    page.get_by_label("Mot de passe").fill("un-mot-de-passe-solide")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("Titre de la résidence").fill("Péronne, faire repère")
    commune = page.get_by_role("combobox", name="Commune")
    commune.press_sequentially("péron", delay=30)
    expect(page.get_by_role("option", name=re.compile("Péronne"))).to_be_visible()
    commune.press("ArrowDown")
    commune.press("Enter")
    page.get_by_label("Résidence Hauts-de-France").check()
    page.get_by_label("Début").fill("2026-09-01")
    page.get_by_label("Fin").fill("2026-12-18")
    page.get_by_role("button", name="Créer la résidence").click()
    expect(page.get_by_role("heading", name="Péronne, faire repère", level=1)).to_be_visible()
    residency = Residency.objects.get()
    base = f"{live_server.url}/residences/{residency.pk}/commande/"

    # Frame the intention (first step) and budget it from an example.
    page.goto(base + "intention/etape-1/")
    page.get_by_label("Question posée").fill("Comment relier les remparts, les étangs et le marché ?")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page).to_have_url(re.compile("etape-2"))
    page.goto(base + "budget/")
    check_accessibility(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reprendre cet exemple").click()
    expect(page.get_by_role("heading", name="Lignes")).to_be_visible()

    # The procurement documents, from the commander phase panel.
    page.goto(f"{live_server.url}/residences/{residency.pk}/phases/commander/")
    check_accessibility(page)
    page.get_by_role("link", name="Produire et télécharger").click()
    check_accessibility(page)
    page.get_by_role("button", name=re.compile("Produire — Cahier des clauses techniques")).click()
    expect(page.get_by_text("La pièce est prête.")).to_be_visible()
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger l’ODT").click()
    assert download.value.suggested_filename.endswith(".odt")

    # The team directory: add a team.
    page.goto(base + "equipes/")
    check_accessibility(page)
    form = page.locator("form", has=page.get_by_role("button", name="Ajouter l’équipe"))
    form.get_by_label("Nom").fill("Collectif Lisière")
    form.get_by_label("Type").select_option(label="Collectif")
    form.get_by_label("Disciplines").fill("Urbanisme, sociologie")
    form.get_by_role("button", name="Ajouter l’équipe").click()
    expect(page.get_by_role("cell", name="Collectif").first).to_be_visible()

    # The grid, then an offer, the jury, the marks and the award.
    page.goto(base + "grille/")
    check_accessibility(page)
    page.goto(base + "choix/")
    check_accessibility(page)
    page.get_by_role("link", name="Enregistrer une offre reçue").click()
    page.get_by_label("Équipe").select_option(label="Collectif Lisière")
    page.get_by_label("Prix (€ HT)").fill("19800")
    page.get_by_label("Reçue le").fill("2026-07-15")
    check_accessibility(page)
    page.get_by_role("button", name="Enregistrer l’offre").click()
    expect(page.get_by_role("row", name=re.compile("Collectif Lisière"))).to_be_visible()
    page.get_by_label("Membre de la résidence").select_option(label="Sophie Delattre")
    page.get_by_role("button", name="Ajouter au jury").click()
    page.get_by_role("link", name="Noter — Collectif Lisière").click()
    for field in page.get_by_role("spinbutton").all():
        field.fill("16")
    check_accessibility(page)
    page.get_by_role("button", name="Enregistrer mes notes").click()
    expect(page.get_by_text("sont enregistrées")).to_be_visible()
    page.get_by_role("button", name="Attribuer — Collectif Lisière").click()
    expect(page.get_by_text("Marché attribué à Collectif Lisière.")).to_be_visible()
    check_accessibility(page)
    assert Offer.objects.get().status == Offer.Status.AWARDED
    assert Party.objects.get(residency=residency, role=Party.Role.LEAD_CONTRACTOR).organisation.name == (
        "Collectif Lisière"
    )


@pytest.mark.usefixtures("_commission_reference_data")
def test_welcome_checklist_on_a_phone(phone_page, live_server):
    from ..personas import Cast
    from .conftest import sign_in

    cast = Cast.build()
    sign_in(phone_page, live_server, cast.coordinator.email)
    phone_page.goto(f"{live_server.url}/residences/{cast.residency.pk}/phases/preparer/")
    check_accessibility(phone_page)
    phone_page.get_by_role("link", name="Voir la liste d’accueil").click()
    phone_page.get_by_label("Tâche").fill("Remettre les clés du gîte")
    phone_page.get_by_label("Responsable").fill("Accueil de la mairie")
    phone_page.get_by_role("button", name="Ajouter la tâche").click()
    phone_page.get_by_role("button", name="Marquer faite — Remettre les clés du gîte").click()
    expect(phone_page.get_by_text("1 tâche(s) faite(s) sur 1.")).to_be_visible()
    check_accessibility(phone_page)
    phone_page.get_by_role("link", name="Comité de pilotage").first.click()
    check_accessibility(phone_page)
