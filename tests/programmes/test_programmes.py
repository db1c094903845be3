"""Programmes and calls: who may see and edit them, and the weights that sum to 100."""

import pytest
from django.urls import reverse

from arpenteur.programmes.models import Call, Programme

from .conftest import PROGRAMME_PERSONAS

pytestmark = pytest.mark.django_db

OPERATORS = {"operator", "staff"}


@pytest.mark.parametrize("persona", PROGRAMME_PERSONAS)
def test_published_programme_page_is_public(client_for, pcast, persona):
    response = client_for(pcast.user(persona)).get(reverse("programmes:detail", args=[pcast.programme.slug]))
    assert response.status_code == 200
    assert ("Modifier le programme" in response.content.decode()) == (persona in OPERATORS)


@pytest.mark.parametrize("persona", PROGRAMME_PERSONAS)
def test_unpublished_programme_is_seen_only_by_its_operators(client_for, pcast, persona):
    Programme.objects.filter(pk=pcast.programme.pk).update(is_published=False)
    client = client_for(pcast.user(persona))
    response = client.get(reverse("programmes:detail", args=[pcast.programme.slug]))
    assert response.status_code == (200 if persona in OPERATORS else 404)
    listing = client.get(reverse("programmes:list")).content.decode()
    assert (pcast.programme.name in listing) == (persona in OPERATORS)


@pytest.mark.parametrize("persona", PROGRAMME_PERSONAS)
@pytest.mark.parametrize("name", ["programmes:edit", "programmes:edition_add", "programmes:call_add"])
def test_only_operators_edit_the_programme(client_for, pcast, persona, name):
    response = client_for(pcast.user(persona)).get(reverse(name, args=[pcast.programme.slug]))
    expected = 200 if persona in OPERATORS else 302 if persona == "anonymous" else 403
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PROGRAMME_PERSONAS)
def test_call_page_public_when_published_and_editable_by_operators(client_for, pcast, persona):
    client = client_for(pcast.user(persona))
    detail = client.get(reverse("programmes:call", args=[pcast.programme.slug, pcast.call.pk]))
    assert detail.status_code == 200
    assert "Pertinence du projet" in detail.content.decode()
    edit = client.get(reverse("programmes:call_edit", args=[pcast.programme.slug, pcast.call.pk]))
    assert edit.status_code == (200 if persona in OPERATORS else 302 if persona == "anonymous" else 403)
    Call.objects.filter(pk=pcast.call.pk).update(is_published=False)
    hidden = client.get(reverse("programmes:call", args=[pcast.programme.slug, pcast.call.pk]))
    assert hidden.status_code == (200 if persona in OPERATORS else 404)


def _call_post(**overrides):
    data = {
        "title": "AMI Résidences 2028",
        "kind": "ami",
        "edition": "",
        "description": "",
        "eligibility": "Communes des Hauts-de-France.",
        "allow_communes": "on",
        "allow_epci": "on",
        "opens_at": "2028-01-10T09:00",
        "closes_at": "2028-03-31T12:00",
        "is_published": "on",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-position": "1",
        "questions-0-text": "Quelle question voulez-vous poser à l’équipe ?",
        "questions-0-required": "on",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-position": "1",
        "criteria-0-label": "Pertinence",
        "criteria-0-weight": "60",
        "criteria-1-position": "2",
        "criteria-1-label": "Portage",
        "criteria-1-weight": "40",
    }
    data.update(overrides)
    return data


def test_operator_opens_a_call_with_questions_and_criteria(client_for, pcast):
    client = client_for(pcast.cast.operator)
    response = client.post(reverse("programmes:call_add", args=[pcast.programme.slug]), _call_post())
    assert response.status_code == 302
    call = Call.objects.get(title="AMI Résidences 2028")
    assert [c.weight for c in call.criteria.all()] == [60, 40]
    assert call.questions.get().text.startswith("Quelle question")
    assert call.criteria_problem() == ""


def test_weights_not_summing_to_100_are_refused_and_typing_is_kept(client_for, pcast):
    client = client_for(pcast.cast.operator)
    response = client.post(
        reverse("programmes:call_add", args=[pcast.programme.slug]), _call_post(**{"criteria-1-weight": "30"})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "totalisent 90" in page
    assert "AMI Résidences 2028" in page and "Quelle question voulez-vous poser" in page
    assert not Call.objects.filter(title="AMI Résidences 2028").exists()


def test_deadline_before_opening_is_refused(client_for, pcast):
    client = client_for(pcast.cast.operator)
    response = client.post(
        reverse("programmes:call_add", args=[pcast.programme.slug]), _call_post(closes_at="2027-12-01T12:00")
    )
    assert response.status_code == 200
    assert "La date limite doit suivre l’ouverture." in response.content.decode()


def test_operator_creates_a_programme_for_their_organisation_only(client_for, pcast):
    client = client_for(pcast.cast.operator)
    form = client.get(reverse("programmes:create")).context["form"]
    assert list(form.fields["operator"].queryset) == [pcast.programme.operator]
    response = client.post(
        reverse("programmes:create"),
        {
            "operator": pcast.programme.operator.pk,
            "name": "Atelier des territoires",
            "summary": "Un atelier.",
        },
    )
    assert response.status_code == 302
    assert Programme.objects.get(name="Atelier des territoires").slug == "atelier-des-territoires"


def test_a_user_without_organisation_cannot_create_a_programme(client_for, pcast):
    response = client_for(pcast.cast.outsider).get(reverse("programmes:create"))
    assert response.status_code == 302


def test_edition_years_are_checked(client_for, pcast):
    client = client_for(pcast.cast.operator)
    url = reverse("programmes:edition_add", args=[pcast.programme.slug])
    response = client.post(url, {"year": "2022", "year_end": "2020", "title": "Sols vivants"})
    assert response.status_code == 200
    assert "L’année de fin doit suivre" in response.content.decode()
    response = client.post(
        url, {"year": "2021", "year_end": "2022", "title": "Sols vivants", "scheme": "Multisite"}
    )
    assert response.status_code == 302
    assert pcast.programme.editions.get().years == "2021–2022"
