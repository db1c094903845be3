"""Correcting and removing what was recorded by mistake: offers, teams consulted upstream, welcome
tasks and committee members. An offer the jury has marked or that was awarded stays: it belongs to
the procurement record."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from arpenteur.commissioning import services
from arpenteur.commissioning.models import ConsultedTeam, Evaluation, Offer, Team, WelcomeTask
from arpenteur.residencies.models import CommitteeMember, Meeting

pytestmark = pytest.mark.django_db


def _offer(cast, name="Collectif Lisière", price="18000"):
    team = Team.objects.create(name=name, kind=Team.Kind.COLLECTIVE)
    return services.record_offer(
        residency=cast.residency,
        offer=Offer(team=team, price_ht=Decimal(price), received_on=date(2026, 7, 1)),
    )


def _offer_data(offer, **changes):
    data = {
        "offre-team": offer.team_id,
        "offre-price_ht": "19500",
        "offre-received_on": "2026-07-02",
        "offre-site_answer": "Nous partirons des hameaux.",
        "offre-version": offer.version,
    }
    data.update(changes)
    return data


def test_editing_an_offer_updates_the_ranking_label_and_price(client_for, cast):
    offer = _offer(cast)
    url = reverse("commissioning:offer_edit", args=[cast.residency.pk, offer.pk])
    response = client_for(cast.commissioner).post(url, _offer_data(offer))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.price_ht == Decimal("19500") and offer.received_on == date(2026, 7, 2)
    assert Evaluation.objects.get(pk=offer.evaluation_id).price == Decimal("19500")


def test_an_invalid_offer_edit_is_refused_in_french_and_keeps_what_was_typed(client_for, cast):
    offer = _offer(cast)
    url = reverse("commissioning:offer_edit", args=[cast.residency.pk, offer.pk])
    response = client_for(cast.commissioner).post(url, _offer_data(offer, **{"offre-price_ht": "-5"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Le prix de l’offre doit être positif." in page
    assert "Nous partirons des hameaux." in page
    assert Offer.objects.get(pk=offer.pk).price_ht == Decimal("18000")


def test_a_concurrent_offer_edit_is_not_silently_overwritten(client_for, cast):
    offer = _offer(cast)
    stale = offer.version
    url = reverse("commissioning:offer_edit", args=[cast.residency.pk, offer.pk])
    client = client_for(cast.commissioner)
    assert client.post(url, _offer_data(offer, **{"offre-price_ht": "17000"})).status_code == 302
    response = client.post(url, _offer_data(offer, **{"offre-price_ht": "21000", "offre-version": stale}))
    assert response.status_code == 200
    assert "Quelqu’un d’autre a enregistré cette fiche" in response.content.decode()
    assert Offer.objects.get(pk=offer.pk).price_ht == Decimal("17000")


def test_deleting_an_unmarked_offer_removes_it_and_its_evaluation(client_for, cast):
    offer = _offer(cast)
    url = reverse("commissioning:offer_delete", args=[cast.residency.pk, offer.pk])
    response = client_for(cast.commissioner).post(url, follow=True)
    assert "Offre de « Collectif Lisière » supprimée." in response.content.decode()
    assert not Offer.objects.filter(pk=offer.pk).exists()
    assert not Evaluation.objects.filter(pk=offer.evaluation_id).exists()


def test_deleting_a_marked_offer_is_refused_and_nothing_is_deleted(client_for, cast):
    offer = _offer(cast)
    grid = services.grid_for(cast.residency)
    evaluator = services.add_evaluator(grid=grid, user=cast.partner)
    criterion = grid.criteria.filter(is_price=False, subcriteria__isnull=True).first()
    if criterion is None:
        criterion = grid.criteria.filter(is_price=False).first()
        sub = criterion.subcriteria.first()
        marks = {(criterion.pk, sub.pk): (Decimal(14), "")}
    else:
        marks = {(criterion.pk, None): (Decimal(14), "")}
    services.record_marks(evaluator=evaluator, evaluation=offer.evaluation, marks=marks)
    url = reverse("commissioning:offer_delete", args=[cast.residency.pk, offer.pk])
    response = client_for(cast.commissioner).post(url, follow=True)
    assert "Le jury a déjà noté cette offre" in response.content.decode()
    assert Offer.objects.filter(pk=offer.pk).exists()
    assert offer.evaluation.marks.count() == 1


def test_deleting_the_awarded_offer_is_refused_and_nothing_is_deleted(client_for, cast):
    offer = _offer(cast)
    services.award_offer(offer=offer)
    url = reverse("commissioning:offer_delete", args=[cast.residency.pk, offer.pk])
    response = client_for(cast.commissioner).post(url, follow=True)
    assert "retenue comme attributaire" in response.content.decode()
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.AWARDED
    assert Evaluation.objects.filter(pk=offer.evaluation_id).exists()


def test_delete_needs_a_post(client_for, cast):
    offer = _offer(cast)
    url = reverse("commissioning:offer_delete", args=[cast.residency.pk, offer.pk])
    assert client_for(cast.commissioner).get(url).status_code == 405
    assert Offer.objects.filter(pk=offer.pk).exists()


def test_a_consulted_team_is_corrected_then_removed(client_for, cast):
    team = Team.objects.create(name="Atelier Rivages", kind=Team.Kind.COLLECTIVE)
    consulted = ConsultedTeam.objects.create(
        residency=cast.residency, team=team, consulted_on=date(2026, 5, 4)
    )
    client = client_for(cast.coordinator)
    url = reverse("commissioning:consulted_edit", args=[cast.residency.pk, consulted.pk])
    response = client.post(url, {"consultee-team": team.pk, "consultee-outcome": "Budget trop juste"})
    assert response.status_code == 200  # the date is missing: refused, the outcome kept
    assert "Budget trop juste" in response.content.decode()
    response = client.post(
        url,
        {"consultee-team": team.pk, "consultee-consulted_on": "2026-05-06", "consultee-outcome": "Utile"},
    )
    assert response.status_code == 302
    assert ConsultedTeam.objects.get(pk=consulted.pk).outcome == "Utile"
    client.post(reverse("commissioning:consulted_delete", args=[cast.residency.pk, consulted.pk]))
    assert not ConsultedTeam.objects.filter(pk=consulted.pk).exists()


def test_a_welcome_task_edit_without_a_label_keeps_the_owner_then_delete_works(client_for, cast):
    task = WelcomeTask.objects.create(residency=cast.residency, label="Clés")
    client = client_for(cast.commissioner)
    url = reverse("commissioning:welcome_edit", args=[cast.residency.pk, task.pk])
    response = client.post(url, {"label": "", "owner": "Services techniques"})
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert 'value="Services techniques"' in response.content.decode()
    assert WelcomeTask.objects.get(pk=task.pk).owner == ""
    assert client.post(url, {"label": "Clés du gîte", "owner": "Mairie"}).status_code == 302
    assert WelcomeTask.objects.get(pk=task.pk).label == "Clés du gîte"
    client.post(reverse("commissioning:welcome_delete", args=[cast.residency.pk, task.pk]))
    assert not WelcomeTask.objects.filter(pk=task.pk).exists()


def test_a_committee_member_is_edited_and_removed_from_meetings_when_deleted(client_for, cast):
    member = CommitteeMember.objects.create(
        residency=cast.residency, full_name="Anne Morel", college=CommitteeMember.College.ELECTED
    )
    meeting = Meeting.objects.create(residency=cast.residency, held_on=date(2026, 9, 16), title="Lancement")
    meeting.attendees.add(member)
    client = client_for(cast.coordinator)
    url = reverse("commissioning:member_edit", args=[cast.residency.pk, member.pk])
    response = client.post(url, {"membre-full_name": "Anne Morel", "membre-function": "Maire adjointe"})
    assert response.status_code == 200  # no college: refused, the function kept
    assert "Maire adjointe" in response.content.decode()
    data = {"membre-full_name": "Anne Morel", "membre-function": "Maire adjointe", "membre-college": "elus"}
    assert client.post(url, data).status_code == 302
    assert CommitteeMember.objects.get(pk=member.pk).function == "Maire adjointe"
    client.post(reverse("commissioning:member_delete", args=[cast.residency.pk, member.pk]))
    assert not CommitteeMember.objects.filter(pk=member.pk).exists()
    assert Meeting.objects.get(pk=meeting.pk).attendees.count() == 0


def test_list_pages_link_to_edit_only_for_those_who_may(client_for, cast):
    offer = _offer(cast)
    task = WelcomeTask.objects.create(residency=cast.residency, label="Clés")
    edit_offer = reverse("commissioning:offer_edit", args=[cast.residency.pk, offer.pk])
    edit_task = reverse("commissioning:welcome_edit", args=[cast.residency.pk, task.pk])
    selection = reverse("commissioning:selection", args=[cast.residency.pk])
    welcome = reverse("commissioning:welcome", args=[cast.residency.pk])
    assert edit_offer in client_for(cast.commissioner).get(selection).content.decode()
    assert edit_task in client_for(cast.coordinator).get(welcome).content.decode()
    assert edit_task not in client_for(cast.partner).get(welcome).content.decode()
