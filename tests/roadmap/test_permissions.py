"""The permission matrix of every roadmap view, run through the whole cast: editors (commissioner,
coordinator, team member, staff) write, partners and the programme operator read what is shared
with members, outsiders get a 404 and anonymous visitors go to the sign-in page."""

import pytest
from django.urls import reverse

from ..personas import PERSONAS

pytestmark = pytest.mark.django_db

VIEW = {"outsider": 404, "anonymous": 302}
EDIT = {"outsider": 404, "anonymous": 302, "operator": 403, "partner": 403}


def _action(c):
    return {"action_pk": c.road["action"].pk}


CASES = [
    ("roadmap:home", None, "get", None, VIEW, 200),
    ("roadmap:timeline", None, "get", None, VIEW, 200),
    ("roadmap:by_lead", None, "get", None, VIEW, 200),
    ("roadmap:quick_wins", None, "get", None, VIEW, 200),
    ("roadmap:home_twin", lambda c: {"fmt": "json"}, "get", None, VIEW, 200),
    ("roadmap:home_twin", lambda c: {"fmt": "csv"}, "get", None, VIEW, 200),
    ("roadmap:quick_wins_twin", lambda c: {"fmt": "json"}, "get", None, VIEW, 200),
    ("roadmap:vision_edit", None, "get", None, EDIT, 200),
    ("roadmap:vision_edit", None, "post", {"title": "Ville-repère", "text": "Vision"}, EDIT, 302),
    ("roadmap:axis_create", None, "get", None, EDIT, 200),
    ("roadmap:axis_create", None, "post", {"title": "Nouvel axe", "position": 2}, EDIT, 302),
    ("roadmap:axis_edit", lambda c: {"axis_pk": c.road["axis"].pk}, "get", None, EDIT, 200),
    ("roadmap:axis_delete", lambda c: {"axis_pk": c.road["axis"].pk}, "post", {}, EDIT, 302),
    ("roadmap:action_create", None, "get", None, EDIT, 200),
    ("roadmap:action_detail", _action, "get", None, VIEW, 200),
    ("roadmap:action_detail_twin", lambda c: {**_action(c), "fmt": "json"}, "get", None, VIEW, 200),
    ("roadmap:action_edit", _action, "get", None, EDIT, 200),
    ("roadmap:action_trace", _action, "get", None, VIEW, 200),
    ("roadmap:action_delete", _action, "post", {}, EDIT, 302),
    ("roadmap:export_request", None, "post", {"kind": "xlsx"}, VIEW, 302),
    ("roadmap:export_status", lambda c: {"job_pk": c.road["job"].pk}, "get", None, VIEW, 200),
    ("roadmap:export_download", lambda c: {"job_pk": c.road["job"].pk}, "get", None, VIEW, 200),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "kwargs", "method", "data", "rule", "ok"),
    CASES,
    ids=[f"{c[0]}-{c[2]}-{i}" for i, c in enumerate(CASES)],
)
def test_roadmap_views_permission_matrix(
    client_for, cast, road, persona, name, kwargs, method, data, rule, ok
):
    url = reverse(name, kwargs={"pk": cast.residency.pk, **(kwargs(cast) if kwargs else {})})
    client = client_for(cast.user(persona))
    response = getattr(client, method)(url, data or {})
    response.close()  # file downloads keep their file open until closed
    expected = rule.get(persona, ok)
    assert response.status_code == expected, (
        f"{persona} on {name}: {response.status_code}, expected {expected}"
    )
    if expected == 302 and persona == "anonymous":
        assert reverse("accounts:login") in response.url


@pytest.mark.parametrize("persona", ["partner", "operator"])
def test_partners_do_not_see_a_team_draft_action_nor_the_team_export(client_for, cast, road, persona):
    from arpenteur.roadmap.models import ExportJob

    action = road["action"]
    action.audience = "equipe"
    action.save(update_fields=["audience"])
    team_job = ExportJob.objects.create(
        residency=cast.residency, kind="pdf", audience="equipe", status="pret"
    )
    client = client_for(cast.user(persona))
    detail = reverse("roadmap:action_detail", args=[cast.residency.pk, action.pk])
    assert client.get(detail).status_code == 404
    assert action.title not in client.get(reverse("roadmap:home", args=[cast.residency.pk])).content.decode()
    assert client.get(reverse("roadmap:home_twin", args=[cast.residency.pk, "json"])).json()["results"] == []
    status = reverse("roadmap:export_status", args=[cast.residency.pk, team_job.pk])
    assert client.get(status).status_code == 404
    editor = client_for(cast.team_member)
    assert editor.get(detail).status_code == 200
