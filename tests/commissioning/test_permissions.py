"""Permission matrix of the commission pages: commissioners and coordinators edit, partners and
team members read, outsiders get 404, anonymous visitors are sent to sign in. The discovery page is
public."""

import pytest
from django.urls import reverse

from ..personas import PERSONAS

pytestmark = pytest.mark.django_db

VIEW = {"outsider": 404, "anonymous": 302}
ADMIN = {"outsider": 404, "anonymous": 302, "operator": 403, "partner": 403, "team_member": 403}

CASES = [
    ("commissioning:intention", None, "get", None, VIEW, 200),
    ("commissioning:intention_json", None, "get", None, VIEW, 200),
    ("commissioning:intention_resume", None, "get", None, ADMIN, 302),
    ("commissioning:intention_step", {"step": 1}, "get", None, ADMIN, 200),
    (
        "commissioning:intention_step",
        {"step": 3},
        "post",
        {"people_to_involve": "Les commerçants"},
        ADMIN,
        302,
    ),
    ("commissioning:format", None, "get", None, VIEW, 200),
    ("commissioning:format_json", None, "get", None, VIEW, 200),
    ("commissioning:budget", None, "get", None, VIEW, 200),
    ("commissioning:budget_json", None, "get", None, VIEW, 200),
    ("commissioning:budget_xlsx", None, "get", None, VIEW, 200),
    ("commissioning:budget_edit", None, "get", None, ADMIN, 200),
    ("commissioning:budget_immersion", None, "post", {"day_rate": "700"}, ADMIN, 302),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "kwargs", "method", "data", "rule", "ok"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_commission_permission_matrix(client_for, cast, persona, name, kwargs, method, data, rule, ok):
    url = reverse(name, kwargs={"pk": cast.residency.pk, **(kwargs or {})})
    client = client_for(cast.user(persona))
    response = getattr(client, method)(url, data or {})
    expected = rule.get(persona, ok)
    assert response.status_code == expected, (
        f"{persona} on {name}: {response.status_code}, expected {expected}"
    )
    if persona == "anonymous":
        assert "/connexion" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_discovery_page_is_public(client_for, cast, persona):
    response = client_for(cast.user(persona)).get(reverse("commissioning:discover"))
    assert response.status_code == 200
    assert "Commencer ma commande" in response.content.decode()
    assert client_for(None).get(reverse("commissioning:discover_json")).status_code == 200


def test_commander_phase_page_shows_the_commission_panel(client_for, cast):
    response = client_for(cast.partner).get(
        reverse("residencies:phase", kwargs={"pk": cast.residency.pk, "kind": "commander"})
    )
    assert response.status_code == 200
    assert "La commande" in response.content.decode()
