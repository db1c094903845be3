"""Views of prioritisation sessions: permission matrix, the phone vote page without an account,
paper ballots, live results."""

import re
import uuid

import pytest
from django.urls import reverse

from arpenteur.workshops.models import Participant, PrioritisationSession
from arpenteur.workshops.services import session_results

from ..personas import PERSONAS
from .factories import session_with_items

pytestmark = pytest.mark.django_db

VIEW, EDIT = (
    {"outsider": 404, "anonymous": 302},
    {"outsider": 404, "anonymous": 302, "operator": 403, "partner": 403},
)

CASES = [
    ("workshops:list", False, "get", None, VIEW, 200),
    ("workshops:create", False, "get", None, EDIT, 200),
    ("workshops:detail", True, "get", None, VIEW, 200),
    ("workshops:edit", True, "get", None, EDIT, 200),
    ("workshops:results", True, "get", None, VIEW, 302),
    ("workshops:status", True, "post", {"status": "clos"}, EDIT, 302),
    ("workshops:paper_ballot", True, "get", None, EDIT, 200),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "with_session", "method", "data", "rule", "ok"), CASES, ids=[c[0] for c in CASES]
)
def test_permission_matrix(client_for, cast, persona, name, with_session, method, data, rule, ok):
    session = session_with_items(cast.residency)
    kwargs = {"pk": cast.residency.pk, **({"session_pk": session.pk} if with_session else {})}
    response = getattr(client_for(cast.user(persona)), method)(reverse(name, kwargs=kwargs), data or {})
    expected = rule.get(persona, ok)
    assert response.status_code == expected, f"{persona} on {name}: {response.status_code}"


def test_a_session_of_another_residency_is_not_found(client_for, cast):
    from ..factories import ResidencyFactory

    other = session_with_items(ResidencyFactory())
    response = client_for(cast.coordinator).get(
        reverse("workshops:detail", kwargs={"pk": cast.residency.pk, "session_pk": other.pk})
    )
    assert response.status_code == 404


def test_create_a_session_from_typed_items_then_open_it(client_for, cast):
    client = client_for(cast.coordinator)
    url = reverse("workshops:create", args=[cast.residency.pk])
    bad = client.post(url, {"title": "Atelier du marché", "dots_per_participant": 5, "max_dots_per_item": 3})
    assert bad.status_code == 200 and "au moins un enjeu" in bad.content.decode()
    assert 'value="Atelier du marché"' in bad.content.decode()
    response = client.post(
        url,
        {
            "title": "Atelier du marché",
            "dots_per_participant": 5,
            "max_dots_per_item": 3,
            "with_scores": "on",
            "other_items": "Relier les étangs\n\nRendre le centre lisible\n",
        },
    )
    session = PrioritisationSession.objects.get()
    assert response.status_code == 302
    assert list(session.items.values_list("label", flat=True)) == [
        "Relier les étangs",
        "Rendre le centre lisible",
    ]
    client.post(reverse("workshops:status", args=[cast.residency.pk, session.pk]), {"status": "ouvert"})
    session.refresh_from_db()
    assert session.is_open
    detail = client.get(reverse("workshops:detail", args=[cast.residency.pk, session.pk])).content.decode()
    assert "<svg" in detail and "qr-code" in detail and str(session.public_token) in detail
    assert 'hx-trigger="every 3s"' in detail


def test_partners_see_results_but_not_the_vote_link(client_for, cast):
    session = session_with_items(cast.residency)
    page = client_for(cast.partner).get(reverse("workshops:detail", args=[cast.residency.pk, session.pk]))
    assert page.status_code == 200
    assert str(session.public_token) not in page.content.decode()


def _vote_data(session, dots, scores=None, token=None):
    ids = list(session.items.values_list("pk", flat=True))
    data = {f"dots_{pk}": value for pk, value in zip(ids, dots, strict=False)}
    for pk, value in zip(ids, scores or [], strict=False):
        data[f"score_{pk}"] = value
    if token:
        data["participant"] = token
    return data


def test_a_phone_votes_without_an_account_and_can_change_its_mind(client):
    from ..factories import ResidencyFactory

    session = session_with_items(ResidencyFactory())
    url = reverse("workshops:vote", args=[session.public_token])
    page = client.get(url)
    assert page.status_code == 200
    token = re.search(r'name="participant" value="([0-9a-f-]+)"', page.content.decode()).group(1)
    assert Participant.objects.count() == 0  # opening the page creates nothing
    response = client.post(url, _vote_data(session, [3, 2, 0], [5, 4, ""], token))
    assert response.status_code == 302 and response.url.endswith("?merci=1")
    thanks = client.get(response.url).content.decode()
    assert "votre vote est enregistré" in thanks and 'value="3"' in thanks
    # the same phone (same token and cookie) votes again: its ballot is replaced, not added
    client.post(url, _vote_data(session, [0, 0, 1], [], token))
    results = session_results(session)
    assert results.participants == 1 and [r.dots for r in results.items] == [0, 0, 1]
    assert [r.mean_score for r in results.items] == [None, None, None]


def test_too_many_dots_keeps_what_was_typed(client):
    from ..factories import ResidencyFactory

    session = session_with_items(ResidencyFactory())
    url = reverse("workshops:vote", args=[session.public_token])
    response = client.post(url, _vote_data(session, [3, 3, 1], [], str(uuid.uuid4())))
    body = response.content.decode()
    assert response.status_code == 200 and "7 gommettes, pour 5 disponibles" in body
    assert body.count('value="3"') >= 2
    assert Participant.objects.count() == 0


@pytest.mark.parametrize("status", ["preparation", "clos"])
def test_the_vote_page_only_answers_for_an_open_session(client, status):
    from ..factories import ResidencyFactory

    session = session_with_items(ResidencyFactory(), status=status)
    url = reverse("workshops:vote", args=[session.public_token])
    assert client.get(url).status_code == 404
    assert client.post(url, _vote_data(session, [1])).status_code == 404
    assert client.get(reverse("workshops:vote", args=[uuid.uuid4()])).status_code == 404
    assert Participant.objects.count() == 0


def test_paper_ballots_after_closing_and_their_correction(client_for, cast):
    session = session_with_items(cast.residency, status="clos")
    client = client_for(cast.team_member)
    url = reverse("workshops:paper_ballot", args=[cast.residency.pk, session.pk])
    response = client.post(url, {"label": "Bulletin 7", **_vote_data(session, [2, 1, 0], [4])})
    assert response.status_code == 302
    paper = Participant.objects.get(source="papier")
    assert paper.label == "Bulletin 7" and paper.entered_by == cast.team_member
    edit_url = reverse("workshops:paper_ballot_edit", args=[cast.residency.pk, session.pk, paper.pk])
    assert 'value="2"' in client.get(edit_url).content.decode()
    client.post(edit_url, {"label": "Bulletin 7", **_vote_data(session, [0, 1, 1], [])})
    assert [r.dots for r in session_results(session).items] == [0, 1, 1]
    assert Participant.objects.count() == 1


def test_results_twin_and_bounded_queries(client_for, cast, django_assert_max_num_queries):
    from arpenteur.workshops.services import cast_ballot, participant_for_token

    session = session_with_items(cast.residency)
    ids = list(session.items.values_list("pk", flat=True))
    for i in range(30):
        participant = participant_for_token(session=session, token=None)
        cast_ballot(
            participant=participant, session=session, allocations={ids[i % 3]: 2}, scores={ids[0]: 1 + i % 5}
        )
    client = client_for(cast.partner)
    data = client.get(reverse("workshops:results_twin", args=[cast.residency.pk, session.pk, "json"])).json()
    assert data["participants"] == 30 and sum(row["gommettes"] for row in data["results"]) == 60
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("workshops:results", args=[cast.residency.pk, session.pk]), HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200 and "<svg" in response.content.decode()
    with django_assert_max_num_queries(20):
        assert (
            client.get(reverse("workshops:detail", args=[cast.residency.pk, session.pk])).status_code == 200
        )


def test_opening_the_results_fragment_as_a_page_leads_to_the_session_page(client_for, cast):
    session = session_with_items(cast.residency)
    response = client_for(cast.partner).get(
        reverse("workshops:results", args=[cast.residency.pk, session.pk])
    )
    assert response.status_code == 302
    assert response.url == reverse("workshops:detail", args=[cast.residency.pk, session.pk]) + "#resultats"


def test_prefigurer_phase_panel_lists_sessions(client_for, cast):
    session = session_with_items(cast.residency)
    page = client_for(cast.partner).get(reverse("residencies:phase", args=[cast.residency.pk, "prefigurer"]))
    assert session.title in page.content.decode()


def test_an_enjeu_put_to_the_vote_stays_linked_to_the_diagnosis(client_for, cast):
    from arpenteur.workshops.services import set_session_items
    from tests.analysis.factories import an_enjeu

    from .factories import PrioritisationSessionFactory

    enjeu = an_enjeu(cast.residency, title="Relier la gare au centre à pied")
    session = PrioritisationSessionFactory(residency=cast.residency)
    set_session_items(session=session, items=[(enjeu.title, enjeu), ("Formulé en séance", None)])
    assert [i.enjeu for i in session.items.order_by("position")] == [enjeu, None]
    client = client_for(cast.team_member)
    data = client.get(reverse("workshops:results_twin", args=[cast.residency.pk, session.pk, "json"])).json()
    assert sorted(row["enjeu_id"] or 0 for row in data["results"]) == [0, enjeu.pk]
    fragment = client.get(
        reverse("workshops:results", args=[cast.residency.pk, session.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert reverse("analysis:enjeu_detail", args=[cast.residency.pk, enjeu.pk]) in fragment
