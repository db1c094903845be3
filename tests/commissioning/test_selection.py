"""Choosing the team: the directory, the grid (weights summing to 100), offers, the jury's marks
(seen only by the jury and the commissioner), the ranking with the price formula, and the award."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from arpenteur.commissioning import services
from arpenteur.commissioning.models import ConsultedTeam, Criterion, Mark, Offer, Team
from arpenteur.residencies.models import Party

pytestmark = pytest.mark.django_db


def _team(name, **extra):
    return Team.objects.create(name=name, kind=Team.Kind.COLLECTIVE, **extra)


def _offer(cast, name, price):
    return services.record_offer(
        residency=cast.residency,
        offer=Offer(team=_team(name), price_ht=Decimal(price), received_on=date(2026, 7, 1)),
    )


def _mark_everything(evaluator, offer, value):
    marks = {}
    for criterion in Criterion.objects.filter(grid=evaluator.grid).prefetch_related("subcriteria"):
        if criterion.is_price:
            continue
        subs = list(criterion.subcriteria.all())
        for sub in subs or [None]:
            marks[(criterion.pk, sub.pk if sub else None)] = (Decimal(value), "")
    services.record_marks(evaluator=evaluator, evaluation=offer.evaluation, marks=marks)


def test_directory_lists_filters_and_records_consulted_teams(client_for, cast):
    _team("Collectif Lisière", disciplines="Urbanisme, sociologie")
    Team.objects.create(name="Bureau Quatre Vents", kind=Team.Kind.CONSULTANCY, disciplines="Mobilités")
    url = reverse("commissioning:teams", args=[cast.residency.pk])
    page = client_for(cast.partner).get(url, {"type": "bureau_etudes"}).content.decode()
    assert "Bureau Quatre Vents" in page and "Collectif Lisière" not in page
    team = Team.objects.get(name="Collectif Lisière")
    response = client_for(cast.coordinator).post(
        url,
        {
            "action": "consulted",
            "consultee-team": team.pk,
            "consultee-consulted_on": "2026-06-10",
            "consultee-outcome": "Utile",
        },
    )
    assert response.status_code == 302
    assert ConsultedTeam.objects.get(residency=cast.residency).team == team
    payload = (
        client_for(cast.partner).get(reverse("commissioning:teams_json", args=[cast.residency.pk])).json()
    )
    assert payload["consultees_en_amont"][0]["equipe"] == "Collectif Lisière"
    assert client_for(cast.partner).post(url, {"action": "team", "equipe-name": "X"}).status_code == 403


def test_adding_a_team_with_a_missing_kind_keeps_what_was_typed(client_for, cast):
    url = reverse("commissioning:teams", args=[cast.residency.pk])
    response = client_for(cast.commissioner).post(
        url, {"action": "team", "equipe-name": "Atelier Rivages", "equipe-kind": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce champ est obligatoire" in page
    assert 'value="Atelier Rivages"' in page
    assert not Team.objects.exists()


def _grid_post(grid, weights, **extra):
    criteria = list(grid.criteria.all())
    data = {
        "title": grid.title,
        "price_formula": "proportionnelle",
        "version": grid.version,
        "criteres-TOTAL_FORMS": len(criteria),
        "criteres-INITIAL_FORMS": len(criteria),
        "criteres-MIN_NUM_FORMS": 0,
        "criteres-MAX_NUM_FORMS": 1000,
        **extra,
    }
    for i, (criterion, weight) in enumerate(zip(criteria, weights, strict=True)):
        data.update(
            {
                f"criteres-{i}-id": criterion.pk,
                f"criteres-{i}-position": criterion.position,
                f"criteres-{i}-title": criterion.title,
                f"criteres-{i}-weight": weight,
                f"criteres-{i}-is_price": "on" if criterion.is_price else "",
                f"criteres-{i}-guide": criterion.guide,
            }
        )
    return data


def test_grid_weights_not_summing_to_100_are_refused_in_french_and_nothing_is_saved(client_for, cast):
    grid = services.grid_for(cast.residency)
    url = reverse("commissioning:grid_edit", args=[cast.residency.pk])
    response = client_for(cast.commissioner).post(url, _grid_post(grid, [30, 25, 20, 10, 25]))
    assert response.status_code == 200
    assert "totalisent 110 au lieu de 100" in response.content.decode()
    assert sorted(grid.criteria.values_list("weight", flat=True)) == [10, 20, 20, 25, 25]


def test_grid_edit_that_breaks_subcriteria_is_rolled_back(client_for, cast):
    grid = services.grid_for(cast.residency)
    # Method (25, with sub-criteria 10+10+5) down to 20, understanding up to 25: total still 100.
    response = client_for(cast.commissioner).post(
        reverse("commissioning:grid_edit", args=[cast.residency.pk]), _grid_post(grid, [25, 20, 20, 10, 25])
    )
    assert response.status_code == 200
    assert "sous-critères" in response.content.decode()
    assert grid.criteria.get(position=1).weight == 20


def test_grid_edit_with_an_audition_is_saved(client_for, cast):
    grid = services.grid_for(cast.residency)
    response = client_for(cast.coordinator).post(
        reverse("commissioning:grid_edit", args=[cast.residency.pk]),
        _grid_post(grid, [20, 25, 20, 10, 25], has_audition="on", shortlist_size=2),
    )
    assert response.status_code == 302
    grid.refresh_from_db()
    assert grid.has_audition and grid.shortlist_size == 2
    payload = (
        client_for(cast.partner).get(reverse("commissioning:grid_json", args=[cast.residency.pk])).json()
    )
    assert payload["total_des_poids"] == 100 and payload["audition"] is True


def test_jury_marks_rank_offers_with_the_price_formula_and_the_award_sets_the_team_party(client_for, cast):
    grid = services.grid_for(cast.residency)
    cheap = _offer(cast, "Atelier Rivages", "16000")
    dear = _offer(cast, "Collectif Lisière", "20000")
    client = client_for(cast.commissioner)
    client.post(reverse("commissioning:jury_add", args=[cast.residency.pk]), {"user": cast.commissioner.pk})
    client.post(reverse("commissioning:jury_add", args=[cast.residency.pk]), {"user": cast.partner.pk})
    assert grid.evaluators.count() == 2
    # Marks through the page, as the partner on the jury.
    partner_evaluator = grid.evaluators.get(user=cast.partner)
    form = client_for(cast.partner).get(reverse("commissioning:marks", args=[cast.residency.pk, dear.pk]))
    assert form.status_code == 200
    keys = [name for name in form.context["form"].fields if name.startswith("m_")]
    response = client_for(cast.partner).post(
        reverse("commissioning:marks", args=[cast.residency.pk, dear.pk]), dict.fromkeys(keys, "18")
    )
    assert response.status_code == 302
    assert Mark.objects.filter(evaluator=partner_evaluator, evaluation=dear.evaluation).count() == len(keys)
    _mark_everything(grid.evaluators.get(user=cast.commissioner), dear, 18)
    for evaluator in grid.evaluators.all():
        _mark_everything(evaluator, cheap, 10)
    payload = (
        client_for(cast.commissioner)
        .get(reverse("commissioning:selection_json", args=[cast.residency.pk]))
        .json()
    )
    ranking = payload["classement"]
    assert [r["equipe"] for r in ranking] == ["Collectif Lisière", "Atelier Rivages"]
    assert Decimal(ranking[1]["points"]["Prix"]) == 25  # the lowest offer takes the full price weight
    assert Decimal(ranking[0]["points"]["Prix"]) == 20  # 25 × 16 000 / 20 000
    assert Decimal(ranking[0]["note_sur_100"]) == Decimal("20") + Decimal("75") * 18 / 20
    response = client.post(reverse("commissioning:award", args=[cast.residency.pk]), {"offer": dear.pk})
    assert response.status_code == 302
    dear.refresh_from_db()
    cheap.refresh_from_db()
    assert dear.status == Offer.Status.AWARDED and cheap.status == Offer.Status.REJECTED
    party = Party.objects.get(residency=cast.residency, role=Party.Role.LEAD_CONTRACTOR)
    assert party.organisation.name == "Collectif Lisière"
    # A second award is refused with a French message; nothing changes.
    response = client.post(
        reverse("commissioning:award", args=[cast.residency.pk]), {"offer": cheap.pk}, follow=True
    )
    assert "déjà attributaire" in response.content.decode()
    assert Offer.objects.get(pk=cheap.pk).status == Offer.Status.REJECTED


def test_marks_and_prices_are_seen_only_by_the_jury_and_the_commissioner(client_for, cast):
    grid = services.grid_for(cast.residency)
    offer = _offer(cast, "Collectif Lisière", "19800")
    juror = services.add_evaluator(grid=grid, user=cast.partner)
    _mark_everything(juror, offer, 15)
    html_url = reverse("commissioning:selection", args=[cast.residency.pk])
    json_url = reverse("commissioning:selection_json", args=[cast.residency.pk])
    for persona in ("coordinator", "team_member", "operator"):
        client = client_for(cast.user(persona))
        page = client.get(html_url).content.decode()
        assert "19\u202f800" not in page and "Noter" not in page, persona
        assert "1 offre reçue" in page
        assert "classement" not in client.get(json_url).json(), persona
    for persona in ("partner", "commissioner", "staff"):
        payload = client_for(cast.user(persona)).get(json_url).json()
        assert payload["classement"][0]["prix_ht"] == "19800.00", persona
    # Only a jury member marks, and only their own marks.
    marks_url = reverse("commissioning:marks", args=[cast.residency.pk, offer.pk])
    assert client_for(cast.coordinator).get(marks_url).status_code == 403
    assert client_for(cast.commissioner).get(marks_url).status_code == 403  # not on the jury
    assert client_for(cast.partner).get(marks_url).status_code == 200


def test_a_mark_above_20_is_refused_and_the_typed_values_kept(client_for, cast):
    grid = services.grid_for(cast.residency)
    offer = _offer(cast, "Collectif Lisière", "19800")
    services.add_evaluator(grid=grid, user=cast.commissioner)
    url = reverse("commissioning:marks", args=[cast.residency.pk, offer.pk])
    client = client_for(cast.commissioner)
    keys = [name for name in client.get(url).context["form"].fields if name.startswith("m_")]
    response = client.post(url, {keys[0]: "24", keys[1]: "12", "c_" + keys[1][2:]: "Bonne lecture du site"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Une note va de 0 à 20." in page and "Bonne lecture du site" in page
    assert not Mark.objects.exists()


def test_only_the_commissioner_records_offers_and_awards(client_for, cast):
    team = _team("Collectif Lisière")
    url = reverse("commissioning:offer_add", args=[cast.residency.pk])
    data = {"offre-team": team.pk, "offre-price_ht": "18000", "offre-received_on": "2026-07-01"}
    assert client_for(cast.coordinator).post(url, data).status_code == 403
    assert client_for(cast.partner).post(url, data).status_code == 403
    response = client_for(cast.commissioner).post(url, {**data, "offre-price_ht": "-5"})
    assert "Le prix de l’offre doit être positif." in response.content.decode()
    assert client_for(cast.commissioner).post(url, data).status_code == 302
    offer = Offer.objects.get()
    assert offer.evaluation.price == Decimal("18000")
    award = reverse("commissioning:award", args=[cast.residency.pk])
    assert client_for(cast.coordinator).post(award, {"offer": offer.pk}).status_code == 403
    assert Offer.objects.get().status == Offer.Status.RECEIVED


def test_shortlist_respects_the_audition_size(client_for, cast):
    grid = services.grid_for(cast.residency)
    grid.has_audition, grid.shortlist_size = True, 1
    grid.save()
    first, second = _offer(cast, "A", "10000"), _offer(cast, "B", "12000")
    url = reverse("commissioning:shortlist", args=[cast.residency.pk])
    client = client_for(cast.commissioner)
    response = client.post(url, {"retenues": [first.evaluation_id, second.evaluation_id]}, follow=True)
    assert "au plus 1 équipes" in response.content.decode()
    assert not grid.evaluations.filter(shortlisted=True).exists()
    client.post(url, {"retenues": [first.evaluation_id], f"audition_{first.evaluation_id}": "Convaincante"})
    first.evaluation.refresh_from_db()
    assert first.evaluation.shortlisted and first.evaluation.audition_note == "Convaincante"


def test_selection_page_query_count_is_bounded(client_for, cast, django_assert_max_num_queries):
    grid = services.grid_for(cast.residency)
    jurors = [services.add_evaluator(grid=grid, user=u) for u in (cast.commissioner, cast.partner)]
    for i in range(6):
        offer = _offer(cast, f"Équipe {i}", 15000 + i * 1000)
        for juror in jurors:
            _mark_everything(juror, offer, 10 + i)
    client = client_for(cast.commissioner)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("commissioning:selection", args=[cast.residency.pk])).status_code == 200


def _subs_post(criterion, rows):
    existing = list(criterion.subcriteria.all())
    data = {
        "sous-TOTAL_FORMS": max(len(rows), len(existing)),
        "sous-INITIAL_FORMS": len(existing),
        "sous-MIN_NUM_FORMS": 0,
        "sous-MAX_NUM_FORMS": 1000,
    }
    for i, (title, weight) in enumerate(rows):
        if i < len(existing):
            data[f"sous-{i}-id"] = existing[i].pk
        data.update({f"sous-{i}-position": i + 1, f"sous-{i}-title": title, f"sous-{i}-weight": weight})
    return data


def test_subcriteria_must_weigh_their_criterion_and_are_edited_in_place(client_for, cast):
    grid = services.grid_for(cast.residency)
    team = grid.criteria.get(title="Équipe")  # 20 points, no sub-criteria yet
    url = reverse("commissioning:subcriteria_edit", args=[cast.residency.pk, team.pk])
    client = client_for(cast.coordinator)
    response = client.post(url, _subs_post(team, [("Pluridisciplinarité", 12), ("Références", 10)]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "totalisent 22 au lieu de 20" in page and 'value="Pluridisciplinarité"' in page
    assert not team.subcriteria.exists()
    response = client.post(url, _subs_post(team, [("Pluridisciplinarité", 12), ("Références", 8)]))
    assert response.status_code == 302
    assert sorted(team.subcriteria.values_list("weight", flat=True)) == [8, 12]
    grid.check_weights()
    price = grid.criteria.get(is_price=True)
    price_url = reverse("commissioning:subcriteria_edit", args=[cast.residency.pk, price.pk])
    assert client.get(price_url).status_code == 404
    assert client_for(cast.partner).get(url).status_code == 403
