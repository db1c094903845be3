"""The capitalisation page compares the residencies of a programme (and of all the operator's
programmes): recurring enjeux and codes, methods used, budgets per format, roadmap actions."""

from decimal import Decimal

import pytest
from django.urls import reverse

from arpenteur.programmes.capitalisation import compute, normalise, programme_residencies

from .conftest import PROGRAMME_PERSONAS
from .factories import EditionFactory, ProgrammeFactory, a_documented_residency

pytestmark = pytest.mark.django_db


@pytest.fixture
def documented(pcast):
    """Three residencies of the programme, plus one of another operator's programme."""
    programme = pcast.programme
    a_documented_residency(
        programme,
        enjeux=["Centre-bourg vivant", "Relier la gare au centre"],
        codes=["Mobilités", "Commerce"],
        methods=["Balade urbaine", "Porteur de parole"],
        budget_lines=[("forfait", Decimal("20000"), False), ("forfait", Decimal("5000"), True)],
        actions=["en_cours", "realisee", "idee"],
        draft_enjeux=["Brouillon confidentiel de l’équipe"],
        draft_actions=["realisee"],
    )
    a_documented_residency(
        programme,
        enjeux=["centre bourg  vivant !", "Habiter les logements vacants"],
        codes=["mobilites"],
        methods=["Balade urbaine"],
        budget_lines=[("jours", (2, Decimal("10"), Decimal("600")), False)],
        actions=["en_cours"],
    )
    a_documented_residency(
        programme,
        enjeux=["Centre-bourg vivant"],
        methods=["Atelier cartographique"],
        budget_lines=[("forfait", Decimal("45000"), False)],
        format_slug="residence-longue",
    )
    other = ProgrammeFactory(name="Programme voisin", slug="voisin")
    a_documented_residency(other, enjeux=["Secret du voisin"], actions=["realisee"])
    return programme


def test_labels_are_grouped_without_case_accents_or_punctuation():
    assert normalise("Centre-bourg vivant") == normalise("  centre BOURG vivant ! ") == "centre bourg vivant"
    assert normalise("Mobilités") == normalise("mobilites")


def test_the_comparison_counts_what_recurs_across_residencies(pcast, documented):
    result = compute(programme_residencies([documented]))
    # pcast's own residency is in the portfolio too, with nothing yet.
    assert result.residency_count == 4
    first = result.enjeux[0]
    assert (first.label, first.residencies, first.occurrences) == ("Centre-bourg vivant", 3, 3)
    assert len(first.variants) == 2
    labels = [e.label for e in result.enjeux]
    assert "Brouillon confidentiel de l’équipe" not in labels and "Secret du voisin" not in labels
    assert (result.codes[0].label, result.codes[0].residencies) == ("Mobilités", 2)
    assert [(m.label, m.residencies) for m in result.methods][0] == ("Balade urbaine", 2)
    budgets = {b.format: b for b in result.budgets}
    three_times = budgets["Résidence « 3 temps »"]
    # In-kind lines are valued but not paid: 20 000, and 2 people × 10 days × 600 = 12 000.
    assert (three_times.count, three_times.minimum, three_times.median, three_times.maximum) == (
        2,
        Decimal("12000"),
        Decimal("16000"),
        Decimal("20000"),
    )
    assert budgets["Résidence longue"].median == Decimal("45000")
    assert result.without_budget == 1
    by_status = {s.status: s for s in result.actions}
    # The team's draft action is not counted; the neighbour's programme is not either.
    assert result.started == 2 and result.done == 1 and result.action_total == 4
    assert by_status["en_cours"].residencies == 2


def test_operator_page_draws_charts_with_tables_and_twins(client_for, pcast, documented):
    client = client_for(pcast.cast.operator)
    response = client.get(reverse("programmes:capitalisation", args=[documented.slug]))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('role="img"') == 5 and "<table" in content
    assert "Centre-bourg vivant" in content and "Balade urbaine" in content
    assert "Brouillon confidentiel" not in content and "Secret du voisin" not in content
    assert "2 actions engagées" in content and "1 action réalisée" in content
    data = client.get(reverse("programmes:capitalisation_twin", args=[documented.slug, "json"])).json()
    assert data["residences"] == 4 and data["actions_realisees"] == 1
    rows = {(r["rubrique"], r["libelle"]): r for r in data["results"]}
    assert rows[("enjeu", "Centre-bourg vivant")]["residences"] == 3
    assert rows[("budget_par_format", "Résidence « 3 temps »")]["mediane"] == "16000"
    csv = client.get(reverse("programmes:capitalisation_twin", args=[documented.slug, "csv"]))
    text = b"".join(csv.streaming_content).decode()
    assert text.startswith("\ufeffrubrique;libelle;residences") and "Balade urbaine" in text
    assert (
        client.get(reverse("programmes:capitalisation_twin", args=[documented.slug, "geojson"])).status_code
        == 404
    )


def test_across_programmes_the_operator_sees_only_their_own(client_for, pcast, documented):
    second = ProgrammeFactory(operator=documented.operator, name="Second programme", slug="second")
    a_documented_residency(second, enjeux=["Centre-bourg vivant"])
    content = client_for(pcast.cast.operator).get(reverse("programmes:capitalisation_all")).content.decode()
    assert "Second programme" in content and "Secret du voisin" not in content
    data = (
        client_for(pcast.cast.operator)
        .get(reverse("programmes:capitalisation_all_twin", args=["json"]))
        .json()
    )
    assert data["residences"] == 5
    assert {(r["libelle"], r["residences"]) for r in data["results"] if r["rubrique"] == "enjeu"} >= {
        ("Centre-bourg vivant", 4)
    }


@pytest.mark.parametrize("persona", PROGRAMME_PERSONAS)
@pytest.mark.parametrize("fmt", [None, "json", "csv"])
def test_capitalisation_is_for_operators_only(client_for, pcast, persona, fmt):
    client = client_for(pcast.user(persona))
    if fmt:
        url = reverse("programmes:capitalisation_twin", args=[pcast.programme.slug, fmt])
        all_url = reverse("programmes:capitalisation_all_twin", args=[fmt])
    else:
        url = reverse("programmes:capitalisation", args=[pcast.programme.slug])
        all_url = reverse("programmes:capitalisation_all")
    expected = {"operator": 200, "staff": 200, "anonymous": 302}.get(persona, 403)
    assert client.get(url).status_code == expected
    assert client.get(all_url).status_code == expected


def test_queries_stay_bounded_whatever_the_number_of_residencies(
    client_for, pcast, documented, django_assert_max_num_queries
):
    for index in range(6):
        a_documented_residency(
            documented,
            enjeux=[f"Enjeu {index}", "Centre-bourg vivant"],
            codes=["Mobilités"],
            methods=["Balade urbaine"],
            budget_lines=[("forfait", Decimal(10000 + index), False)],
            actions=["en_cours"],
        )
    client = client_for(pcast.cast.operator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("programmes:capitalisation", args=[documented.slug]))
    assert "10 résidences comparées" in response.content.decode()


def test_an_empty_portfolio_says_so(client_for, pcast):
    pcast.programme.portfolio.all().delete()
    content = (
        client_for(pcast.cast.operator)
        .get(reverse("programmes:capitalisation", args=[pcast.programme.slug]))
        .content.decode()
    )
    assert "Aucune résidence dans le portefeuille" in content


def test_an_edition_cohort_can_be_compared_alone(client_for, pcast, documented):
    edition = EditionFactory(programme=documented, year=2021, title="Premières résidences")
    residency = a_documented_residency(documented, enjeux=["Habiter le fleuve"])
    documented.portfolio.filter(residency=residency).update(edition=edition)
    client = client_for(pcast.cast.operator)
    url = reverse("programmes:capitalisation", args=[documented.slug])
    page = client.get(url, {"edition": edition.pk}).content.decode()
    assert (
        "1 résidence comparée" in page and "Habiter le fleuve" in page and "Centre-bourg vivant" not in page
    )
    data = client.get(
        reverse("programmes:capitalisation_twin", args=[documented.slug, "json"]), {"edition": edition.pk}
    ).json()
    assert data["residences"] == 1 and data["edition"] == str(edition)
    # Nonsense is ignored: the whole portfolio is compared.
    assert "5 résidences comparées" in client.get(url, {"edition": "abc"}).content.decode()
