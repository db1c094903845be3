"""The welcome checklist: tasks with owners and due dates, ticked by commissioners and coordinators,
read by the other members."""

from datetime import date

import pytest
from django.urls import reverse

from arpenteur.commissioning.models import WelcomeTask

pytestmark = pytest.mark.django_db


def test_coordinator_adds_and_ticks_a_task_that_partners_read(client_for, cast):
    url = reverse("commissioning:welcome", args=[cast.residency.pk])
    client = client_for(cast.coordinator)
    response = client.post(
        url, {"label": "Remettre les clés du gîte", "owner": "Accueil", "due_on": "2026-10-12"}
    )
    assert response.status_code == 302
    task = WelcomeTask.objects.get(residency=cast.residency)
    assert (task.owner, task.due_on, task.done) == ("Accueil", date(2026, 10, 12), False)
    client.post(reverse("commissioning:welcome_toggle", args=[cast.residency.pk, task.pk]))
    assert WelcomeTask.objects.get(pk=task.pk).done
    page = client_for(cast.partner).get(url).content.decode()
    assert "Remettre les clés du gîte" in page and "1 tâche(s) faite(s) sur 1" in page
    payload = (
        client_for(cast.partner).get(reverse("commissioning:welcome_json", args=[cast.residency.pk])).json()
    )
    assert payload["taches"][0] == {
        "tache": "Remettre les clés du gîte",
        "responsable": "Accueil",
        "echeance": "2026-10-12",
        "faite": True,
    }


def test_a_task_without_a_label_is_refused_and_the_owner_kept(client_for, cast):
    url = reverse("commissioning:welcome", args=[cast.residency.pk])
    response = client_for(cast.commissioner).post(url, {"label": "", "owner": "Services techniques"})
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert 'value="Services techniques"' in response.content.decode()
    assert not WelcomeTask.objects.exists()


def test_members_who_do_not_edit_cannot_add_or_tick(client_for, cast):
    task = WelcomeTask.objects.create(residency=cast.residency, label="Assurance")
    url = reverse("commissioning:welcome", args=[cast.residency.pk])
    for persona in ("partner", "team_member", "operator"):
        assert client_for(cast.user(persona)).post(url, {"label": "X"}).status_code == 403
        toggle = reverse("commissioning:welcome_toggle", args=[cast.residency.pk, task.pk])
        assert client_for(cast.user(persona)).post(toggle).status_code == 403
    assert WelcomeTask.objects.count() == 1 and not WelcomeTask.objects.get().done


def test_preparer_phase_page_shows_welcome_and_committee(client_for, cast):
    WelcomeTask.objects.create(residency=cast.residency, label="Réserver le gîte", due_on=date(2026, 9, 29))
    page = (
        client_for(cast.partner)
        .get(reverse("residencies:phase", kwargs={"pk": cast.residency.pk, "kind": "preparer"}))
        .content.decode()
    )
    assert "Préparer l’accueil" in page and "Réserver le gîte" in page
    assert reverse("commissioning:committee", args=[cast.residency.pk]) in page


def test_commission_pages_cost_a_bounded_number_of_queries(client_for, cast, django_assert_max_num_queries):
    from arpenteur.residencies.models import CommitteeMember, Decision, Meeting

    for i in range(20):
        WelcomeTask.objects.create(residency=cast.residency, label=f"Tâche {i}", owner="Accueil")
        member = CommitteeMember.objects.create(
            residency=cast.residency, full_name=f"Membre {i}", college="elus"
        )
        meeting = Meeting.objects.create(
            residency=cast.residency, held_on=date(2026, 9, 1 + i), title=f"Comité {i}"
        )
        meeting.attendees.add(member)
        Decision.objects.create(meeting=meeting, text="Validé")
    client = client_for(cast.coordinator)
    for name in ("welcome", "committee", "documents", "teams", "grid"):
        with django_assert_max_num_queries(20):
            assert client.get(reverse(f"commissioning:{name}", args=[cast.residency.pk])).status_code == 200
