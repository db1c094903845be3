"""« D'autres territoires ont agi sur… »: library suggestions from a residency's enjeux and codes."""

import pytest
from django.urls import reverse

from arpenteur.library.panels import MAX_ENJEUX, residency_panel_context
from arpenteur.residencies.models import Residency
from tests.analysis.factories import a_coded_passage, a_finding, an_enjeu

from ..personas import PERSONAS
from .factories import ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(cast):
    return {
        "gare": ItemFactory(
            title="Relier la gare et le centre-ville par un mail piéton",
            experience=True,
            territory_name="Brest",
            territory_code="29019",
        ),
        "mobilite": ItemFactory(title="Guide des mobilités douces en centre-bourg", themes=["mobilites"]),
        "own": ItemFactory(
            title="Relier la gare de Péronne au centre",
            experience=True,
            territory_name=cast.residency.commune.name,
            territory_code=cast.residency.commune.code,
        ),
        "ecole": ItemFactory(title="Rouvrir une école de village", experience=True),
        "eau": ItemFactory(title="Comment partager l'eau en France ?", item_type="livre"),
        "draft": ItemFactory(title="Brouillon : relier la gare", is_published=False),
    }


@pytest.fixture
def diagnosis(cast, catalogue):
    segment = a_coded_passage(cast.residency, cast.team_member, code_name="Mobilités")
    finding = a_finding(cast.residency, cast.team_member, segments=[segment])
    shared = an_enjeu(
        cast.residency, cast.team_member, findings=[finding], title="Relier la gare au centre à pied"
    )
    draft = an_enjeu(
        cast.residency, cast.team_member, findings=[finding], title="Rouvrir l'école", visibility="equipe"
    )
    return shared, draft


def _titles(context):
    return [[item.title for item in group.items] for group in context["groups"]]


def test_each_enjeu_suggests_other_territories_and_never_the_residency_own_commune(
    rf, cast, diagnosis, catalogue
):
    request = rf.get("/")
    request.user = cast.team_member
    context = residency_panel_context(request, cast.residency)
    groups = _titles(context)
    # First the shared enjeu (its title and its code « Mobilités »), then the team's draft enjeu,
    # then the most used codes; a record appears once.
    assert groups[0][0] == catalogue["gare"].title
    assert catalogue["mobilite"].title in groups[0]
    assert groups[1] == [catalogue["ecole"].title]
    flat = [title for group in groups for title in group]
    assert catalogue["own"].title not in flat
    assert catalogue["draft"].title not in flat
    assert catalogue["eau"].title not in flat
    assert len(flat) == len(set(flat))
    assert "mots=un" in context["groups"][0].search_url


def test_partners_get_no_suggestion_from_the_team_draft_enjeux(rf, cast, diagnosis, catalogue):
    request = rf.get("/")
    request.user = cast.partner
    flat = [title for group in _titles(residency_panel_context(request, cast.residency)) for title in group]
    assert catalogue["gare"].title in flat
    assert catalogue["ecole"].title not in flat


def test_before_any_enjeu_the_question_asked_is_used(rf, cast, catalogue):
    cast.residency.question = "Comment mieux relier la gare aux quartiers ?"
    cast.residency.save()
    request = rf.get("/")
    request.user = cast.coordinator
    context = residency_panel_context(request, cast.residency)
    assert [group.label for group in context["groups"]] == ["la question posée"]
    assert _titles(context)[0][0] == catalogue["gare"].title


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_panel_shows_on_the_reveler_page_to_whoever_sees_the_residency(
    client_for, cast, diagnosis, persona
):
    url = reverse("residencies:phase", args=[cast.residency.pk, "reveler"])
    response = client_for(cast.user(persona)).get(url)
    expected = {"outsider": 404, "anonymous": 302}.get(persona, 200)
    assert response.status_code == expected
    if expected == 200:
        content = response.content.decode()
        assert "D’autres territoires ont agi sur…" in content
        assert "Relier la gare et le centre-ville par un mail piéton" in content
        assert "Relier la gare de Péronne au centre" not in content


@pytest.mark.parametrize("phase", ["prefigurer", "capitaliser"])
def test_the_panel_also_shows_when_preparing_the_roadmap_and_capitalising(client_for, cast, diagnosis, phase):
    response = client_for(cast.coordinator).get(reverse("residencies:phase", args=[cast.residency.pk, phase]))
    assert "D’autres territoires ont agi sur…" in response.content.decode()


def test_the_panel_query_count_does_not_grow_with_the_diagnosis(
    rf, cast, catalogue, django_assert_max_num_queries
):
    finding = a_finding(cast.residency, cast.team_member)
    for index in range(12):
        an_enjeu(cast.residency, cast.team_member, findings=[finding], title=f"Relier la gare, piste {index}")
    ItemFactory.create_batch(40, title="Relier les quartiers à la gare")
    request = rf.get("/")
    request.user = cast.team_member
    residency = (
        Residency.objects.select_related("commune").prefetch_related("memberships").get(pk=cast.residency.pk)
    )
    # enjeux + their findings + codes of findings + most used codes, then one search per group.
    with django_assert_max_num_queries(4 + MAX_ENJEUX + 1):
        context = residency_panel_context(request, residency)
    assert len(context["groups"]) == MAX_ENJEUX + 1


def test_nothing_related_says_so(rf, cast):
    finding = a_finding(cast.residency, cast.team_member)
    an_enjeu(cast.residency, cast.team_member, findings=[finding], title="Zythologie comparée")
    request = rf.get("/")
    request.user = cast.team_member
    context = residency_panel_context(request, cast.residency)
    assert context["groups"] == [] and context["has_sources"]
