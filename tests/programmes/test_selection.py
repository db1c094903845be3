"""Selecting an application turns it into a residency of the portfolio, intention filled in."""

import pytest
from django.urls import reverse

from arpenteur.programmes.models import Application, PortfolioEntry
from arpenteur.residencies.models import Residency

from ..factories import CommuneFactory
from .conftest import PROGRAMME_PERSONAS
from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db

DECISION = {
    "format": "",
    "start_date": "2027-04-01",
    "end_date": "2027-07-15",
    "budget": "25000",
    "note": "Bravo",
}


@pytest.fixture
def submitted(pcast):
    question = pcast.call.questions.get(position=1)
    return ApplicationFactory(
        call=pcast.call,
        commune=CommuneFactory(name="Ham", code="80410"),
        applicant=pcast.applicant.org_memberships.get().organisation,
        submitted=True,
        submitted_by=pcast.applicant,
        answers={str(question.pk): "Parce que la gare ferme."},
    )


def test_operator_selects_and_a_residency_joins_the_portfolio(client_for, pcast, submitted):
    client = client_for(pcast.cast.operator)
    response = client.post(reverse("programmes:application_select", args=[submitted.pk]), DECISION)
    assert response.status_code == 302
    submitted.refresh_from_db()
    residency = submitted.residency
    assert submitted.status == "retenue" and submitted.decision_note == "Bravo"
    assert residency.commune.name == "Ham"
    assert residency.programme_operator == pcast.programme.operator
    assert "Redonner vie à la place du marché" in residency.question
    assert "Pourquoi une résidence maintenant ?\nParce que la gare ferme." in residency.question
    assert residency.phases.count() == 8
    intention = residency.intention
    assert intention.question == residency.question
    assert list(intention.communes.all()) == [residency.commune]
    assert str(intention.earliest_start) == "2027-04-01" and "TEST-0001" in intention.perimeter_note
    assert "mairie@example.org" in intention.people_to_involve
    assert residency.role_of(pcast.applicant) == "commanditaire"
    entry = PortfolioEntry.objects.get(residency=residency)
    assert entry.programme == pcast.programme and entry.budget == 25000
    portfolio = client.get(reverse("programmes:portfolio", args=[pcast.programme.slug])).content.decode()
    assert "Ham" in portfolio
    # The applicant now runs their residency; the operator follows it.
    assert (
        client_for(pcast.applicant).get(reverse("residencies:dashboard", args=[residency.pk])).status_code
        == 200
    )
    assert (
        client_for(pcast.cast.operator).get(reverse("residencies:dashboard", args=[residency.pk])).status_code
        == 200
    )


def test_an_application_is_selected_only_once(client_for, pcast, submitted):
    client = client_for(pcast.cast.operator)
    client.post(reverse("programmes:application_select", args=[submitted.pk]), DECISION)
    again = client.post(reverse("programmes:application_select", args=[submitted.pk]), DECISION, follow=True)
    assert "Seule une candidature déposée" in again.content.decode()
    assert Residency.objects.filter(commune__name="Ham").count() == 1


def test_bad_dates_keep_the_decision_form_filled(client_for, pcast, submitted):
    client = client_for(pcast.cast.operator)
    response = client.post(
        reverse("programmes:application_select", args=[submitted.pk]), {**DECISION, "end_date": "2027-01-01"}
    )
    assert response.status_code == 200
    assert "La fin de la résidence doit suivre son début." in response.content.decode()
    assert 'value="25000"' in response.content.decode()
    assert not Residency.objects.filter(commune__name="Ham").exists()


def test_operator_rejects_with_a_note(client_for, pcast, submitted):
    client = client_for(pcast.cast.operator)
    client.post(reverse("programmes:application_reject", args=[submitted.pk]), {"note": "Dossier incomplet"})
    submitted.refresh_from_db()
    assert submitted.status == "non_retenue" and submitted.decision_note == "Dossier incomplet"
    page = (
        client_for(pcast.applicant)
        .get(reverse("programmes:application", args=[submitted.pk]))
        .content.decode()
    )
    assert "Dossier incomplet" in page and "Non retenue" in page


@pytest.mark.parametrize("persona", PROGRAMME_PERSONAS)
def test_only_operators_decide(client_for, pcast, submitted, persona):
    client = client_for(pcast.user(persona))
    select = client.get(reverse("programmes:application_select", args=[submitted.pk])).status_code
    reject = client.post(reverse("programmes:application_reject", args=[submitted.pk]), {}).status_code
    expected = {"operator": 200, "staff": 200, "anonymous": 302, "applicant": 403}.get(persona, 404)
    assert select == expected
    assert reject == {200: 302}.get(expected, expected)
    assert Application.objects.get(pk=submitted.pk).status == (
        "non_retenue" if persona in {"operator", "staff"} else "deposee"
    )
