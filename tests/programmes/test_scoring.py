"""Operators score applications per criterion through the commissioning grid machinery; several
evaluators are averaged into a weighted score /100 and a ranking within the call."""

from decimal import Decimal

import pytest
from django.urls import reverse

from arpenteur.accounts.models import OrganisationMembership
from arpenteur.commissioning.models import Evaluator, Mark
from arpenteur.programmes.models import SelectionCriterion
from arpenteur.programmes.services import (
    ApplicationError,
    rank_applications,
    score_application,
    sync_call_grid,
)

from ..factories import CommuneFactory, UserFactory
from .conftest import PROGRAMME_PERSONAS
from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applications(pcast):
    org = pcast.applicant.org_memberships.get().organisation
    ham = ApplicationFactory(
        call=pcast.call, commune=CommuneFactory(name="Ham", code="80410"), applicant=org, submitted=True
    )
    roye = ApplicationFactory(
        call=pcast.call,
        commune=CommuneFactory(name="Roye", code="80685"),
        applicant=org,
        project_title="Un bourg qui se parle",
        submitted=True,
    )
    return ham, roye


@pytest.fixture
def second_operator(pcast):
    user = UserFactory(email="jury@region.example.org")
    OrganisationMembership.objects.create(user=user, organisation=pcast.programme.operator)
    return user


def _form(call, marks, comment=""):
    criteria = list(call.criteria.select_related("grid_criterion").order_by("position"))
    data = {}
    for criterion, mark in zip(criteria, marks, strict=True):
        data[f"m_{criterion.grid_criterion_id}"] = mark
        data[f"c_{criterion.grid_criterion_id}"] = comment
    return data


def _open_grid(client, application):
    # The scoring page opens the call's grid, mirroring its weighted criteria.
    assert client.get(reverse("programmes:application_score", args=[application.pk])).status_code == 200
    application.call.refresh_from_db()


def test_two_evaluators_are_averaged_into_a_weighted_score_and_a_ranking(
    client_for, pcast, applications, second_operator
):
    ham, roye = applications

    # client_for re-signs the one test client: call it before each request.
    def first():
        return client_for(pcast.cast.operator)

    def second():
        return client_for(second_operator)

    _open_grid(first(), ham)
    grid = pcast.call.grid
    assert [(c.title, c.weight) for c in grid.criteria.all()] == [
        ("Pertinence du projet", 40),
        ("Portage politique", 35),
        ("Capacité à mobiliser", 25),
    ]
    url = reverse("programmes:application_score", args=[ham.pk])
    assert first().post(url, _form(pcast.call, ["20", "10", "10"], "Très situé")).status_code == 302
    assert second().post(url, _form(pcast.call, ["10", "10", "20"])).status_code == 302
    roye_url = reverse("programmes:application_score", args=[roye.pk])
    assert first().post(roye_url, _form(pcast.call, ["8", "8", "8"])).status_code == 302
    assert Evaluator.objects.filter(grid=grid).count() == 2
    assert Mark.objects.filter(evaluation__grid=grid).count() == 9
    # Ham: pertinence mean 15/20 × 40 = 30, portage 10/20 × 35 = 17.5, mobiliser 15/20 × 25 = 18.75.
    ham.refresh_from_db()
    roye.refresh_from_db()
    rank_applications([ham, roye])
    assert ham.weighted_score == Decimal("66.3") and ham.rank == 1 and ham.evaluator_count == 2
    assert roye.weighted_score == Decimal("40.0") and roye.rank == 2
    page = first().get(reverse("programmes:applications", args=[pcast.programme.slug]), {"tri": "note"})
    content = page.content.decode()
    assert content.index("Redonner vie") < content.index("Un bourg qui se parle")
    assert "66,3" in content or "66.3" in content
    detail = first().get(reverse("programmes:application", args=[ham.pk])).content.decode()
    assert "rang 1 sur 2" in detail and "2 évaluateurs" in detail
    rows = first().get(reverse("programmes:applications_twin", args=[pcast.programme.slug, "json"])).json()
    by_commune = {row["commune"]: row for row in rows["results"]}
    assert by_commune["Ham"]["rang"] == 1 and by_commune["Ham"]["evaluateurs"] == 2


def test_an_evaluator_changes_their_own_marks_only(client_for, pcast, applications, second_operator):
    ham, _roye = applications
    url = reverse("programmes:application_score", args=[ham.pk])
    _open_grid(client_for(pcast.cast.operator), ham)
    client_for(pcast.cast.operator).post(url, _form(pcast.call, ["20", "20", "20"]))
    client_for(second_operator).post(url, _form(pcast.call, ["0", "0", "0"]))
    client_for(pcast.cast.operator).post(url, _form(pcast.call, ["10", "10", "10"]))
    assert sorted(Mark.objects.values_list("mark", flat=True)) == [0, 0, 0, 10, 10, 10]
    # The page shows each evaluator their own marks, not the others'.
    assert 'value="10' in client_for(pcast.cast.operator).get(url).content.decode()
    assert 'value="0' in client_for(second_operator).get(url).content.decode()


def test_a_mark_above_20_is_refused_in_french_and_the_typing_kept(client_for, pcast, applications):
    ham, _roye = applications
    client = client_for(pcast.cast.operator)
    _open_grid(client, ham)
    url = reverse("programmes:application_score", args=[ham.pk])
    response = client.post(url, _form(pcast.call, ["25", "12", "14"], "Mon appréciation"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Une note va de 0 à 20." in content and "Mon appréciation" in content and 'value="12' in content
    assert not Mark.objects.exists()


def test_scoring_needs_criteria_weighing_100(client_for, pcast, applications):
    ham, _roye = applications
    SelectionCriterion.objects.filter(call=pcast.call, position=3).delete()
    response = client_for(pcast.cast.operator).get(
        reverse("programmes:application_score", args=[ham.pk]), follow=True
    )
    assert "totalisent 75 au lieu de 100" in response.content.decode()
    with pytest.raises(ApplicationError):
        score_application(application=ham, by=pcast.cast.operator, marks={})


def test_the_grid_follows_the_call_criteria(client_for, pcast, applications):
    ham, _roye = applications
    client = client_for(pcast.cast.operator)
    _open_grid(client, ham)
    criterion = pcast.call.criteria.get(position=1)
    criterion.label, criterion.weight = "Pertinence et ancrage", 50
    criterion.save()
    SelectionCriterion.objects.filter(call=pcast.call, position=2).update(weight=25)
    grid = sync_call_grid(pcast.call)
    assert [(c.title, c.weight) for c in grid.criteria.all()][:2] == [
        ("Pertinence et ancrage", 50),
        ("Portage politique", 25),
    ]


def test_a_decided_application_is_no_longer_scored(client_for, pcast, applications):
    ham, _roye = applications
    ham.status = "non_retenue"
    ham.save()
    response = client_for(pcast.cast.operator).post(
        reverse("programmes:application_score", args=[ham.pk]), {}, follow=True
    )
    assert "pas encore tranchée" in response.content.decode()
    assert not Mark.objects.exists()


@pytest.mark.parametrize("persona", PROGRAMME_PERSONAS)
def test_only_operators_score_and_applicants_never_see_marks(client_for, pcast, applications, persona):
    ham, _roye = applications
    score_application(
        application=ham,
        by=pcast.cast.operator,
        marks={
            c.grid_criterion_id: (Decimal(12), "Appréciation interne")
            for c in pcast.call.criteria.select_related("grid_criterion")
        }
        if pcast.call.grid_id
        else {},
    )
    ham.call.refresh_from_db()
    client = client_for(pcast.user(persona))
    status = client.get(reverse("programmes:application_score", args=[ham.pk])).status_code
    expected = {"operator": 200, "staff": 200, "anonymous": 302, "applicant": 403}.get(persona, 404)
    assert status == expected
    detail = client.get(reverse("programmes:application", args=[ham.pk]))
    if persona == "applicant":
        content = detail.content.decode()
        assert detail.status_code == 200 and "Note pondérée" not in content and "Évaluation" not in content
    posted = client.post(
        reverse("programmes:application_score", args=[ham.pk]), _form(pcast.call, ["1", "1", "1"])
    )
    assert posted.status_code == {200: 302}.get(expected, expected)


def test_the_ranked_list_costs_the_same_queries_whatever_the_marks(
    client_for, pcast, applications, second_operator, django_assert_max_num_queries
):
    org = pcast.applicant.org_memberships.get().organisation
    many = [ApplicationFactory(call=pcast.call, applicant=org, submitted=True) for _ in range(8)]
    grid = sync_call_grid(pcast.call)
    marks = {criterion.pk: (Decimal(11), "") for criterion in grid.criteria.all()}
    for application in [*applications, *many]:
        for user in (pcast.cast.operator, second_operator):
            score_application(application=application, by=user, marks=marks)
    client = client_for(pcast.cast.operator)
    with django_assert_max_num_queries(14):
        response = client.get(
            reverse("programmes:applications", args=[pcast.programme.slug]), {"tri": "note"}
        )
    assert response.content.decode().count("2 évaluateurs") == 10
