"""The demo shows the commission of Péronne: every commission page renders for its members, with
realistic content, and marks stay with the jury."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from arpenteur.commissioning.models import Offer
from arpenteur.residencies.models import Party, Residency

pytestmark = pytest.mark.django_db

PAGES = [
    "commissioning:intention",
    "commissioning:budget",
    "commissioning:documents",
    "commissioning:teams",
    "commissioning:grid",
    "commissioning:selection",
    "commissioning:welcome",
    "commissioning:committee",
]


def test_demo_peronne_shows_the_whole_commission(client):
    call_command("seed_demo", stdout=io.StringIO())
    residency = Residency.objects.get(is_demo=True, commune__code="80620")
    awarded = Offer.objects.get(residency=residency, status=Offer.Status.AWARDED)
    assert awarded.team.name == "Collectif Lisière"
    assert Party.objects.filter(residency=residency, role=Party.Role.LEAD_CONTRACTOR).count() == 1
    assert residency.procurement_documents.filter(kind="cctp").exists()
    for membership in residency.memberships.select_related("user"):
        client.force_login(membership.user)
        for name in PAGES:
            response = client.get(reverse(name, args=[residency.pk]))
            assert response.status_code == 200, (membership.role, name)
        meeting = residency.committee_meetings.order_by("held_on").first()
        assert (
            client.get(reverse("commissioning:meeting", args=[residency.pk, meeting.pk])).status_code == 200
        )
    mayor = residency.memberships.get(role="commanditaire").user
    client.force_login(mayor)
    selection = client.get(reverse("commissioning:selection", args=[residency.pk])).content.decode()
    assert "Atelier Rivages" in selection and "Coop’Territoires" in selection
    committee = client.get(reverse("commissioning:committee", args=[residency.pk])).content.decode()
    assert "Comité de lancement" in committee and "Josiane Vasseur" in committee
    coordinator = residency.memberships.get(role="coordination").user
    client.force_login(coordinator)
    assert (
        "Atelier Rivages"
        not in client.get(reverse("commissioning:selection", args=[residency.pk])).content.decode()
    )
