"""The mixed steering committee: members by college, meetings with minutes (optimistic locking) and
decisions; edited by commissioners and coordinators, read by the residency's members."""

from datetime import date

import pytest
from django.urls import reverse

from arpenteur.residencies.models import CommitteeMember, Decision, Meeting

pytestmark = pytest.mark.django_db


def _meeting(cast, **extra):
    return Meeting.objects.create(
        residency=cast.residency, held_on=date(2026, 9, 16), title="Comité de lancement", **extra
    )


def test_commissioner_builds_the_committee_and_a_meeting_with_attendees(client_for, cast):
    client = client_for(cast.commissioner)
    url = reverse("commissioning:committee", args=[cast.residency.pk])
    response = client.post(
        url,
        {
            "action": "member",
            "membre-full_name": "Sophie Delattre",
            "membre-function": "Maire",
            "membre-organisation": "Commune",
            "membre-college": "elus",
        },
    )
    assert response.status_code == 302
    member = CommitteeMember.objects.get(residency=cast.residency)
    response = client.post(
        url,
        {
            "action": "meeting",
            "reunion-held_on": "2026-09-16",
            "reunion-title": "Comité de lancement",
            "reunion-attendees": [member.pk],
            "reunion-minutes": "Note de cadrage validée.",
        },
    )
    meeting = Meeting.objects.get(residency=cast.residency)
    assert response["Location"] == reverse("commissioning:meeting", args=[cast.residency.pk, meeting.pk])
    assert list(meeting.attendees.all()) == [member]
    payload = (
        client_for(cast.partner).get(reverse("commissioning:committee_json", args=[cast.residency.pk])).json()
    )
    assert payload["membres"][0]["college"] == "elus"
    assert payload["reunions"][0]["presents"] == ["Sophie Delattre"]


def test_attendees_must_belong_to_this_residencys_committee(client_for, cast):
    from tests.factories import ResidencyFactory

    other = CommitteeMember.objects.create(
        residency=ResidencyFactory(), full_name="Quelqu’un d’ailleurs", college="elus"
    )
    response = client_for(cast.coordinator).post(
        reverse("commissioning:committee", args=[cast.residency.pk]),
        {
            "action": "meeting",
            "reunion-held_on": "2026-09-16",
            "reunion-title": "Lancement",
            "reunion-attendees": [other.pk],
        },
    )
    assert response.status_code == 200
    assert not Meeting.objects.filter(residency=cast.residency).exists()


def test_decisions_are_recorded_and_minutes_never_silently_overwritten(client_for, cast):
    meeting = _meeting(cast)
    url = reverse("commissioning:meeting", args=[cast.residency.pk, meeting.pk])
    client = client_for(cast.coordinator)
    client.post(url, {"action": "decision", "decision-text": "Associer le collège", "decision-owner": "DGS"})
    assert Decision.objects.get(meeting=meeting).owner == "DGS"
    base = {"reunion-held_on": "2026-09-16", "reunion-title": "Comité de lancement", "reunion-version": 1}
    assert client.post(url, {**base, "reunion-minutes": "Première version"}).status_code == 302
    response = client_for(cast.commissioner).post(url, {**base, "reunion-minutes": "Version concurrente"})
    assert response.status_code == 200
    assert "Quelqu’un d’autre a enregistré" in response.content.decode()
    assert "Version concurrente" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Première version"


def test_partners_read_the_minutes_but_do_not_edit(client_for, cast):
    meeting = _meeting(cast, minutes="Compte rendu confidentiel au comité")
    url = reverse("commissioning:meeting", args=[cast.residency.pk, meeting.pk])
    partner = client_for(cast.partner)
    assert "Compte rendu confidentiel au comité" in partner.get(url).content.decode()
    assert partner.post(url, {"action": "decision", "decision-text": "X"}).status_code == 403
    assert client_for(cast.outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    assert not Decision.objects.exists()
