"""The invariants of the roadmap, proved through the services and through the forms: an action
cites at least one enjeu of its own residency, a cited enjeu cannot vanish, nothing is half-saved,
and two people editing one action never overwrite each other silently."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from arpenteur.analysis.models import Enjeu
from arpenteur.roadmap.models import Action, ActionEnjeu, Milestone
from arpenteur.roadmap.services import save_action
from tests.analysis.factories import an_enjeu
from tests.factories import ResidencyFactory

from .factories import an_action, an_axis

pytestmark = pytest.mark.django_db


def _form_data(action_or_none, axis, enjeux, **overrides):
    data = {
        "title": "Boutiques à l’essai rue Saint-Fursy",
        "axis": axis.pk,
        "enjeux": [e.pk for e in enjeux],
        "lead": "Communauté de communes de la Haute-Somme",
        "partners": "CCI Amiens-Picardie\nUnion commerciale",
        "status": "en_maturation",
        "priority": 1,
        "horizon": "moyen",
        "start_date": "2027-06-01",
        "end_date": "2029-06-30",
        "cost_ht": "60000",
        "cost_ttc": "72000",
        "audience": "membres",
        "place": "Rue Saint-Fursy",
        "latitude": "49.9329",
        "longitude": "2.9327",
        "version": action_or_none.version if action_or_none else "",
    }
    for prefix in ("jalons", "indicateurs", "financements"):
        data.update({f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-INITIAL_FORMS": 0})
    data["financements-0-status"] = "piste"  # the browser sends the select's default on the blank row
    data.update(overrides)
    return data


def test_an_action_without_enjeu_is_refused_by_the_service_and_nothing_is_saved(cast):
    axis = an_axis(cast.residency)
    with pytest.raises(ValidationError, match="au moins un enjeu"):
        save_action(
            action=Action(residency=cast.residency, axis=axis, title="Sans enjeu", lead="Commune"),
            user=None,
            enjeux=[],
        )
    assert not Action.objects.exists()


def test_an_action_cannot_cite_an_enjeu_of_another_residency(cast):
    elsewhere = an_enjeu(ResidencyFactory())
    with pytest.raises(ValidationError, match="autre résidence"):
        save_action(
            action=Action(
                residency=cast.residency, axis=an_axis(cast.residency), title="Mélange", lead="Commune"
            ),
            user=None,
            enjeux=[elsewhere],
        )
    assert not Action.objects.exists()


def test_check_enjeux_refuses_an_action_left_without_enjeu(cast):
    action = an_action(cast.residency)
    ActionEnjeu.objects.filter(action=action).delete()
    with pytest.raises(ValidationError):
        action.check_enjeux()


def test_the_form_refuses_an_action_without_enjeu_in_french_and_keeps_what_was_typed(client_for, cast):
    axis = an_axis(cast.residency)
    an_enjeu(cast.residency)
    data = _form_data(
        None, axis, [], **{"jalons-0-title": "Appel à candidatures", "jalons-0-due_date": "2027-09-15"}
    )
    response = client_for(cast.team_member).post(
        reverse("roadmap:action_create", args=[cast.residency.pk]), data
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Une action doit répondre à au moins un enjeu du diagnostic." in page
    assert "Boutiques à l’essai rue Saint-Fursy" in page and "Appel à candidatures" in page
    assert not Action.objects.exists() and not Milestone.objects.exists()


def test_bad_input_in_the_calendar_saves_nothing_and_says_why_in_french(client_for, cast):
    axis, enjeu = an_axis(cast.residency), an_enjeu(cast.residency)
    data = _form_data(None, axis, [enjeu], end_date="2026-01-01", cost_ttc="100", perimeter="{pas du json")
    response = client_for(cast.team_member).post(
        reverse("roadmap:action_create", args=[cast.residency.pk]), data
    )
    page = response.content.decode()
    assert "La fin prévue doit suivre le début." in page
    assert "Le coût TTC ne peut pas être inférieur au coût HT." in page
    assert "Le périmètre n’est pas du JSON valide" in page
    assert not Action.objects.exists()


def test_a_full_fiche_action_is_saved_with_its_calendar_indicators_and_funding(client_for, cast):
    axis, enjeu = an_axis(cast.residency), an_enjeu(cast.residency)
    data = _form_data(
        None,
        axis,
        [enjeu],
        perimeter='{"type": "LineString", "coordinates": [[2.93, 49.93], [2.92, 49.94]]}',
        **{
            "jalons-0-title": "Appel à candidatures",
            "jalons-0-due_date": "2027-09-15",
            "indicateurs-0-name": "Vitrines vides",
            "indicateurs-0-baseline": "11",
            "indicateurs-0-baseline_year": "2026",
            "indicateurs-0-target": "6",
            "indicateurs-0-target_year": "2029",
            "indicateurs-0-unit": "locaux",
            "indicateurs-0-source": "Union commerciale",
            "financements-0-funder": "Banque des Territoires",
            "financements-0-amount": "30000",
            "financements-0-status": "demande",
        },
    )
    response = client_for(cast.team_member).post(
        reverse("roadmap:action_create", args=[cast.residency.pk]), data
    )
    action = Action.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/actions/{action.pk}/")
    assert action.number == 1 and action.code == "A1" and action.created_by == cast.team_member
    assert list(action.enjeux.all()) == [enjeu]
    assert action.partner_list == ["CCI Amiens-Picardie", "Union commerciale"]
    assert action.perimeter["type"] == "LineString"
    assert action.milestones.get().title == "Appel à candidatures"
    indicator = action.indicators.get()
    assert (indicator.baseline, indicator.target, indicator.unit) == (11, 6, "locaux")
    assert action.total_funding == 30000


def test_deleting_an_enjeu_that_an_action_cites_is_refused_with_a_french_message(client_for, cast):
    action = an_action(cast.residency)
    enjeu = action.enjeux.get()
    response = client_for(cast.team_member).post(
        reverse("analysis:enjeu_delete", args=[cast.residency.pk, enjeu.pk]), follow=True
    )
    assert "Des actions de la feuille de route citent cet enjeu" in response.content.decode()
    assert Enjeu.objects.filter(pk=enjeu.pk).exists() and action.enjeux.get() == enjeu


def test_deleting_an_axis_or_enjeu_directly_is_restricted_but_the_actions_cascade_with_the_axis_rows(cast):
    from django.db.models import RestrictedError

    action = an_action(cast.residency)
    with pytest.raises(RestrictedError):
        action.axis.delete()
    with pytest.raises(RestrictedError):
        action.enjeux.get().delete()
    action.delete()  # the action goes, its citations with it; the enjeu stays
    assert Enjeu.objects.exists() and not ActionEnjeu.objects.exists()


def test_an_axis_that_still_groups_actions_is_not_deleted(client_for, cast):
    action = an_action(cast.residency)
    response = client_for(cast.coordinator).post(
        reverse("roadmap:axis_delete", args=[cast.residency.pk, action.axis_id]), follow=True
    )
    assert "Cet axe regroupe encore des actions" in response.content.decode()
    assert Action.objects.filter(pk=action.pk, axis=action.axis).exists()


def test_two_people_editing_one_action_see_a_conflict_instead_of_overwriting(client_for, cast, client):
    action = an_action(cast.residency)
    enjeu = action.enjeux.get()
    url = reverse("roadmap:action_edit", args=[cast.residency.pk, action.pk])
    opened_version = action.version
    # Jeanne saves first, from the version both opened.
    first = _form_data(action, action.axis, [enjeu], title="Itinéraire piéton jalonné", lead="Commune")
    assert client_for(cast.team_member).post(url, first).status_code == 302
    # Malik submits from the same version: conflict shown, his text kept, Jeanne's saved text intact.
    second = _form_data(action, action.axis, [enjeu], title="Itinéraire des collégiens", lead="Commune")
    second["version"] = opened_version
    response = client_for(cast.coordinator).post(url, second)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Quelqu’un d’autre a enregistré cette fiche" in page and "Itinéraire des collégiens" in page
    assert "diffère de la vôtre pour : Intitulé de l’action." in page  # only the field that differs
    action.refresh_from_db()
    assert action.title == "Itinéraire piéton jalonné"
    # His second, informed submit carries the new version and goes through.
    second["version"] = action.version
    assert client_for(cast.coordinator).post(url, second).status_code == 302
    action.refresh_from_db()
    assert action.title == "Itinéraire des collégiens"
