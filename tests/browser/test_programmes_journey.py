"""The programme journey in a real browser: a commune applies to a call (a wrong INSEE code first),
two operators score it per criterion, one selects it, the residency appears in the portfolio, and the
capitalisation page compares the portfolio — each page checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from arpenteur.accounts.models import OrganisationMembership
from arpenteur.commissioning.models import Mark
from arpenteur.programmes.models import Application, PortfolioEntry
from arpenteur.residencies.demo import DEMO_TERRITORIES
from arpenteur.territories.importers import import_territories

from ..factories import OrganisationFactory, UserFactory
from ..programmes.factories import CallFactory, ProgrammeFactory
from .conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch_user(page, live_server, email):
    page.context.clear_cookies()
    sign_in(page, live_server, email)


def test_a_commune_applies_is_scored_and_selected_and_joins_the_portfolio(page, live_server):
    import_territories([DEMO_TERRITORIES], cog_year=2024)
    region = OrganisationFactory(name="Région Hauts-de-France", kind="region")
    programme = ProgrammeFactory(operator=region, name="Les résidences", slug="residences")
    call = CallFactory(programme=programme, title="Résidences 2027")
    operators = [
        UserFactory(email="residences@region.example.org"),
        UserFactory(email="jury@region.example.org"),
    ]
    for operator in operators:
        OrganisationMembership.objects.create(user=operator, organisation=region)
    mayor = UserFactory(email="maire@peronne.example.org", full_name="Maire de Péronne")
    OrganisationMembership.objects.create(
        user=mayor, organisation=OrganisationFactory(name="Commune de Péronne", kind="commune")
    )

    # The commune applies; an unknown INSEE code is refused in French and the typing is kept.
    sign_in(page, live_server, mayor.email)
    page.goto(f"{live_server.url}/programmes/{programme.slug}/appels/{call.pk}/")
    check_accessibility(page)
    page.get_by_role("link", name="Candidater").click()
    page.get_by_label("Intitulé du projet").fill("Faire repère, faire liaison")
    page.get_by_label("Pourquoi une résidence maintenant ?").fill("Le centre se vide depuis la fermeture.")
    page.get_by_label("Le projet en quelques lignes").fill("Relier la gare, le château et les remparts.")
    # The contact is prefilled from the signed-in account.
    expect(page.get_by_label("Courriel de contact")).to_have_value("maire@peronne.example.org")
    commune = page.get_by_role("combobox", name="Commune concernée")
    commune.fill("99999")
    page.get_by_role("button", name="Déposer la candidature").click()
    expect(page.locator(".field-error, .errorlist, [role=alert]").first).to_be_visible()
    expect(page.get_by_text(re.compile("code INSEE|commune", re.I)).first).to_be_visible()
    expect(page.get_by_label("Intitulé du projet")).to_have_value("Faire repère, faire liaison")
    check_accessibility(page)
    commune = page.get_by_role("combobox", name="Commune concernée")
    commune.fill("")
    commune.press_sequentially("péron", delay=30)
    expect(page.get_by_role("option", name=re.compile("Péronne .* 80620"))).to_be_visible()
    commune.press("ArrowDown")
    commune.press("Enter")
    expect(commune).to_have_value(re.compile("80620"))
    page.get_by_role("button", name="Déposer la candidature").click()
    expect(page.get_by_text(re.compile("Candidature déposée"))).to_be_visible()
    check_accessibility(page)
    application = Application.objects.get()
    assert application.status == "deposee" and application.commune.code == "80620"

    # Two operators score it, criterion by criterion.
    for operator, marks in zip(operators, [("16", "14", "12"), ("12", "14", "16")], strict=True):
        _switch_user(page, live_server, operator.email)
        page.goto(f"{live_server.url}/programmes/{programme.slug}/candidatures/")
        check_accessibility(page)
        page.get_by_role("link", name="Faire repère, faire liaison").click()
        page.get_by_role("link", name="Noter cette candidature").click()
        for label, mark in zip(
            ["Pertinence du projet (40 %)", "Portage politique (35 %)", "Capacité à mobiliser (25 %)"],
            marks,
            strict=True,
        ):
            page.get_by_label(label).fill(mark)
        check_accessibility(page)
        page.get_by_role("button", name="Enregistrer mes notes").click()
        expect(page.get_by_text("Vos notes sont enregistrées.")).to_be_visible()
    assert Mark.objects.count() == 6
    # Means: 14/20 on each criterion → 70/100.
    expect(page.get_by_text(re.compile(r"Note pondérée : 70(,0)? / 100"))).to_be_visible()
    expect(page.get_by_text("2 évaluateurs", exact=False)).to_be_visible()
    check_accessibility(page)

    # The operator selects it: a residency is created and appears in the portfolio.
    page.get_by_role("link", name="Retenir cette candidature").click()
    check_accessibility(page)
    page.get_by_label("Début").fill("2027-04-01")
    page.get_by_label("Fin").fill("2027-07-15")
    page.get_by_label("Budget alloué par le programme (€ TTC)").fill("24000")
    page.get_by_role("button", name="Retenir et créer la résidence").click()
    expect(page.get_by_role("heading", name="Portefeuille des résidences", level=1)).to_be_visible()
    expect(page.get_by_role("table").get_by_text("Péronne").first).to_be_visible()
    expect(page.locator(".leaflet-marker-icon, .leaflet-interactive").first).to_be_attached()
    check_accessibility(page)
    entry = PortfolioEntry.objects.get(programme=programme)
    assert entry.residency.commune.code == "80620" and entry.residency.question.startswith("Faire repère")

    # The capitalisation page compares the portfolio (nothing documented yet: it says so).
    page.get_by_role("link", name="Capitalisation").click()
    expect(page.get_by_role("heading", name="Capitalisation : comparer les résidences")).to_be_visible()
    expect(page.get_by_text("1 résidence comparée")).to_be_visible()
    check_accessibility(page)


def test_the_capitalisation_charts_and_tables_on_a_phone(phone_page, live_server):
    from decimal import Decimal

    from ..programmes.factories import a_documented_residency

    region = OrganisationFactory(name="Région Hauts-de-France", kind="region")
    programme = ProgrammeFactory(operator=region, name="Les résidences", slug="residences")
    operator = UserFactory(email="residences@region.example.org")
    OrganisationMembership.objects.create(user=operator, organisation=region)
    for enjeux, budget, statuses in [
        (["Centre-bourg vivant", "Relier la gare au centre"], "24000", ["realisee", "en_cours"]),
        (["centre bourg vivant", "Reconquérir les logements vacants"], "31000", ["en_cours", "idee"]),
        (["Centre-bourg vivant"], "45000", ["realisee"]),
    ]:
        a_documented_residency(
            programme,
            enjeux=enjeux,
            codes=["Commerce", "Mobilités"],
            methods=["Balade urbaine", "Porteur de parole"],
            budget_lines=[("forfait", Decimal(budget), False)],
            actions=statuses,
        )
    sign_in(phone_page, live_server, operator.email)
    phone_page.goto(f"{live_server.url}/programmes/{programme.slug}/capitalisation/")
    expect(phone_page.get_by_text("3 résidences comparées")).to_be_visible()
    expect(
        phone_page.get_by_role("img", name=re.compile("Nombre de résidences ayant formulé"))
    ).to_be_visible()
    check_accessibility(phone_page)
    phone_page.get_by_text("Voir les enjeux en tableau").click()
    row = phone_page.get_by_role("row", name=re.compile("Centre-bourg vivant"))
    expect(row).to_contain_text("3")
    check_accessibility(phone_page)
