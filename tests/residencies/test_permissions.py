"""The permission matrix of every residency view, run through the whole cast."""

import pytest
from django.urls import reverse

from ..personas import PERSONAS

pytestmark = pytest.mark.django_db

VIEW, EDIT, ADMIN = (
    {"outsider": 404, "anonymous": 302},
    {"outsider": 404, "anonymous": 302, "operator": 403, "partner": 403},
    {"outsider": 404, "anonymous": 302, "operator": 403, "partner": 403, "team_member": 403},
)

# (url name, extra kwargs builder, method, data, rule, success status)
CASES = [
    ("residencies:dashboard", None, "get", None, VIEW, 200),
    ("residencies:phase", lambda c: {"kind": "arpenter"}, "get", None, VIEW, 200),
    ("residencies:edit", None, "get", None, ADMIN, 200),
    ("residencies:set_phase", None, "post", {"phase": "preparer"}, ADMIN, 302),
    ("residencies:session_add", None, "get", None, EDIT, 200),
    (
        "residencies:session_edit",
        lambda c: {"session_pk": c.residency.sessions.first().pk},
        "get",
        None,
        EDIT,
        200,
    ),
    (
        "residencies:session_delete",
        lambda c: {"session_pk": c.residency.sessions.first().pk},
        "post",
        {},
        EDIT,
        302,
    ),
    ("residencies:party_add", None, "get", None, ADMIN, 200),
    ("residencies:member_add", None, "get", None, ADMIN, 200),
    (
        "residencies:member_change",
        lambda c: {"member_pk": c.residency.memberships.get(user=c.partner).pk},
        "post",
        {"role": "partenaire"},
        ADMIN,
        302,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "method", "data", "rule", "ok"), CASES, ids=[c[0] for c in CASES])
def test_residency_views_permission_matrix(client_for, cast, persona, name, kwargs, method, data, rule, ok):
    url = reverse(name, kwargs={"pk": cast.residency.pk, **(kwargs(cast) if kwargs else {})})
    client = client_for(cast.user(persona))
    response = getattr(client, method)(url, data or {})
    expected = rule.get(persona, ok)
    assert response.status_code == expected, (
        f"{persona} on {name}: {response.status_code}, expected {expected}"
    )
    if expected == 302 and persona == "anonymous":
        assert reverse("accounts:login") in response.url


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_shows_only_what_each_persona_may_see(client_for, cast, persona):
    client = client_for(cast.user(persona))
    response = client.get(reverse("residencies:list_twin", args=["json"]))
    if persona == "anonymous":
        assert response.status_code == 302
        return
    titles = [row["titre"] for row in response.json()["results"]]
    assert titles == ([] if persona == "outsider" else [cast.residency.title])


def test_create_page_needs_an_account(client):
    assert client.get(reverse("residencies:create")).status_code == 302
