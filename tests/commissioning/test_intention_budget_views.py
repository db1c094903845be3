from decimal import Decimal

import pytest
from django.urls import reverse

from arpenteur.commissioning.models import Budget, BudgetExample, BudgetLine, FundingLine, Intention
from arpenteur.commissioning.services import budget_for

pytestmark = pytest.mark.django_db


def step_url(cast, step):
    return reverse("commissioning:intention_step", kwargs={"pk": cast.residency.pk, "step": step})


def test_each_step_saves_a_draft_that_can_be_resumed(client_for, cast):
    client = client_for(cast.commissioner)
    response = client.post(
        step_url(cast, 1),
        {
            "question": "Comment refaire du centre-ville un lieu de rencontre ?",
            "stakes": ["social", "economie"],
            "action": "next",
        },
    )
    assert response.status_code == 302 and response["Location"] == step_url(cast, 2)
    intention = Intention.objects.get(residency=cast.residency)
    assert intention.step_reached == 1 and intention.stakes == ["social", "economie"]
    assert not intention.is_complete
    # Stopping here and coming back later resumes at step 2.
    resume = client.get(reverse("commissioning:intention_resume", kwargs={"pk": cast.residency.pk}))
    assert resume["Location"] == step_url(cast, 2)
    cast.residency.refresh_from_db()
    assert cast.residency.question.startswith("Comment refaire")


def test_perimeter_errors_keep_what_was_typed(client_for, cast):
    client = client_for(cast.coordinator)
    typed = "Péronne\nCommune imaginaire de Nullepart"
    response = client.post(step_url(cast, 2), {"commune_lines": typed, "perimeter_note": "Le centre ancien"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucune commune ne correspond" in html
    assert "Commune imaginaire de Nullepart" in html and "Le centre ancien" in html
    assert not Intention.objects.filter(residency=cast.residency, perimeter_note="Le centre ancien").exists()


def test_perimeter_resolves_communes_by_code(client_for, cast):
    client = client_for(cast.commissioner)
    response = client.post(
        step_url(cast, 2), {"commune_lines": cast.residency.commune.code, "action": "save"}
    )
    assert response.status_code == 302
    assert list(Intention.objects.get(residency=cast.residency).communes.all()) == [cast.residency.commune]


def test_last_step_completes_the_intention(client_for, cast):
    client = client_for(cast.commissioner)
    client.post(step_url(cast, 1), {"question": "Quelle place pour la gare ?", "action": "next"})
    response = client.post(
        step_url(cast, 5), {"deliverables": ["diagnostic", "feuille_route"], "action": "next"}
    )
    assert response["Location"] == reverse("commissioning:intention", kwargs={"pk": cast.residency.pk})
    assert Intention.objects.get(residency=cast.residency).is_complete


def test_inverted_dates_are_refused(client_for, cast):
    response = client_for(cast.commissioner).post(
        step_url(cast, 4),
        {"earliest_start": "2026-06-01", "latest_end": "2026-01-01", "budget_ceiling": "45000"},
    )
    assert response.status_code == 200
    assert "La fin au plus tard doit suivre" in response.content.decode()


def _budget_post(budget, lines, funding, **extra):
    data = {
        "version": budget.version,
        "vat_regime": "tva",
        "vat_rate": "20",
        "sharing_count": "1",
        "beneficiaries": "",
        "note": "",
        "lignes-TOTAL_FORMS": str(len(lines)),
        "lignes-INITIAL_FORMS": "0",
        "financements-TOTAL_FORMS": str(len(funding)),
        "financements-INITIAL_FORMS": "0",
    }
    for i, line in enumerate(lines):
        data.update({f"lignes-{i}-{k}": v for k, v in line.items()})
    for i, item in enumerate(funding):
        data.update({f"financements-{i}-{k}": v for k, v in item.items()})
    data.update(extra)
    return data


LINE = {
    "category": "immersion",
    "label": "Immersion",
    "mode": "jours",
    "people": "4",
    "days": "5",
    "day_rate": "700",
}


def test_budget_is_saved_with_lines_and_funding(client_for, cast):
    budget = budget_for(cast.residency)
    funding = [{"funder_kind": "commune", "funder_name": "Commune", "amount": "10000", "status": "accorde"}]
    response = client_for(cast.commissioner).post(
        reverse("commissioning:budget_edit", kwargs={"pk": cast.residency.pk}),
        _budget_post(budget, [LINE], funding),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert BudgetLine.objects.get(budget=budget).total_ht == Decimal("14000")
    page = client_for(cast.partner).get(reverse("commissioning:budget", kwargs={"pk": cast.residency.pk}))
    html = page.content.decode()
    assert "16\u202f800,00\u00a0€" in html  # TTC
    assert "Dispense de procédure" in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"lignes-0-days": "-2"}, "Le nombre de jours ne peut pas être négatif."),
        ({"vat_regime": ""}, "Indiquez le régime de TVA"),
        ({"financements-0-amount": "999999"}, "dépassent le coût TTC"),
    ],
)
def test_bad_budget_input_is_explained_and_nothing_is_lost(client_for, cast, change, message):
    budget = budget_for(cast.residency)
    funding = [
        {
            "funder_kind": "region",
            "funder_name": "Région Hauts-de-France",
            "amount": "5000",
            "status": "demande",
        }
    ]
    data = _budget_post(budget, [{**LINE, "label": "Immersion de printemps"}], funding, **change)
    response = client_for(cast.coordinator).post(
        reverse("commissioning:budget_edit", kwargs={"pk": cast.residency.pk}), data
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Immersion de printemps" in html and "Région Hauts-de-France" in html
    assert not BudgetLine.objects.exists() and not FundingLine.objects.exists()


def test_budget_starts_from_an_example_and_from_sessions(client_for, cast):
    client = client_for(cast.commissioner)
    example = BudgetExample.objects.order_by("order").first()
    client.post(
        reverse("commissioning:budget_example", kwargs={"pk": cast.residency.pk}), {"example": example.pk}
    )
    budget = Budget.objects.get(residency=cast.residency)
    assert budget.lines.count() == len(example.lines)
    client.post(
        reverse("commissioning:budget_immersion", kwargs={"pk": cast.residency.pk}), {"day_rate": "650"}
    )
    immersion = list(budget.lines.filter(category="immersion"))
    assert len(immersion) == cast.residency.sessions.count()
    assert all(line.day_rate == Decimal("650") for line in immersion)


def test_budget_page_queries_are_bounded(client_for, cast, django_assert_max_num_queries):
    budget = budget_for(cast.residency)
    BudgetLine.objects.bulk_create(
        BudgetLine(budget=budget, category="immersion", label=f"L{i}", mode="forfait", amount_ht=1000)
        for i in range(30)
    )
    client = client_for(cast.partner)
    with django_assert_max_num_queries(20):
        assert (
            client.get(reverse("commissioning:budget", kwargs={"pk": cast.residency.pk})).status_code == 200
        )


def test_choosing_a_format_and_staffing(client_for, cast):
    from arpenteur.residencies.models import FormatTemplate

    client = client_for(cast.commissioner)
    url = reverse("commissioning:format", kwargs={"pk": cast.residency.pk})
    fmt = FormatTemplate.objects.get(slug="residence-3-temps")
    client.post(url, {"format": fmt.pk, "replace_sessions": "on"})
    cast.residency.refresh_from_db()
    assert cast.residency.format_name == fmt.name
    sessions = list(cast.residency.sessions.all())
    assert len(sessions) == len(fmt.sessions)
    data = {f"people_{s.pk}": "4" for s in sessions}
    data[f"people_{sessions[0].pk}"] = "-1"
    response = client.post(url, data)
    assert "au moins 1" in response.content.decode()
    data[f"people_{sessions[0].pk}"] = "2"
    assert client.post(url, data).status_code == 302
    assert sessions[0].__class__.objects.get(pk=sessions[0].pk).staffing.people == 2
