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


# --- Documents, choosing the team, welcome and committee ----------------------------------------

MANAGER = {**ADMIN, "coordinator": 403}  # offers, jury, award: the commissioner (and staff)
JURY = {**MANAGER, "commissioner": 403, "staff": 403, "partner": 200}  # the partner sits on the jury


def _objects(cast):
    from datetime import date
    from decimal import Decimal

    from django.core.files.base import ContentFile

    from arpenteur.commissioning import services
    from arpenteur.commissioning.models import ConsultedTeam, GeneratedDocument, Offer, Team, WelcomeTask
    from arpenteur.residencies.models import CommitteeMember, Meeting

    residency = cast.residency
    document = GeneratedDocument.objects.create(
        residency=residency, kind="cctp", title="CCTP", status=GeneratedDocument.Status.DONE, progress=100
    )
    document.pdf.save("cctp.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    team = Team.objects.create(name="Collectif Lisière", kind=Team.Kind.COLLECTIVE)
    offer = services.record_offer(
        residency=residency, offer=Offer(team=team, price_ht=Decimal(18000), received_on=date(2026, 7, 1))
    )
    services.add_evaluator(grid=services.grid_for(residency), user=cast.partner)
    task = WelcomeTask.objects.create(residency=residency, label="Clés")
    meeting = Meeting.objects.create(residency=residency, held_on=date(2026, 9, 16), title="Lancement")
    criterion = services.grid_for(residency).criteria.get(position=1)
    consulted = ConsultedTeam.objects.create(residency=residency, team=team, consulted_on=date(2026, 5, 4))
    member = CommitteeMember.objects.create(
        residency=residency, full_name="Anne Morel", college=CommitteeMember.College.ELECTED
    )
    return {
        "criterion_pk": criterion.pk,
        "doc_pk": document.pk,
        "offer_pk": offer.pk,
        "task_pk": task.pk,
        "meeting_pk": meeting.pk,
        "team": team,
        "team_pk": team.pk,
        "consulted_pk": consulted.pk,
        "member_pk": member.pk,
    }


MORE_CASES = [
    ("commissioning:documents", [], "get", None, VIEW, 200),
    ("commissioning:documents_json", [], "get", None, VIEW, 200),
    ("commissioning:document_status", ["doc_pk"], "get", None, VIEW, 200),
    ("commissioning:document_download", ["doc_pk", "pdf"], "get", None, VIEW, 200),
    ("commissioning:document_generate", [], "post", {"kind": "cctp"}, ADMIN, 302),
    ("commissioning:teams", [], "get", None, VIEW, 200),
    ("commissioning:teams_json", [], "get", None, VIEW, 200),
    (
        "commissioning:teams",
        [],
        "post",
        {"action": "consulted", "consultee-consulted_on": "2026-06-01"},
        ADMIN,
        200,
    ),
    ("commissioning:consulted_edit", ["consulted_pk"], "get", None, ADMIN, 200),
    (
        "commissioning:consulted_edit",
        ["consulted_pk"],
        "post",
        {"consultee-team": "team_pk", "consultee-consulted_on": "2026-05-05"},
        ADMIN,
        302,
    ),
    ("commissioning:consulted_delete", ["consulted_pk"], "post", None, ADMIN, 302),
    ("commissioning:grid", [], "get", None, VIEW, 200),
    ("commissioning:grid_json", [], "get", None, VIEW, 200),
    ("commissioning:grid_edit", [], "get", None, ADMIN, 200),
    ("commissioning:subcriteria_edit", ["criterion_pk"], "get", None, ADMIN, 200),
    ("commissioning:selection", [], "get", None, VIEW, 200),
    ("commissioning:selection_json", [], "get", None, VIEW, 200),
    ("commissioning:offer_add", [], "get", None, MANAGER, 200),
    ("commissioning:offer_analysis", ["offer_pk"], "get", None, MANAGER, 200),
    ("commissioning:offer_edit", ["offer_pk"], "get", None, MANAGER, 200),
    ("commissioning:offer_edit", ["offer_pk"], "post", {"offre-price_ht": "0"}, MANAGER, 200),
    ("commissioning:offer_delete", ["offer_pk"], "post", None, MANAGER, 302),
    ("commissioning:jury_add", [], "post", {"user": "0"}, MANAGER, 302),
    ("commissioning:shortlist", [], "post", {}, MANAGER, 302),
    ("commissioning:award", [], "post", {"offer": "offer_pk"}, MANAGER, 302),
    ("commissioning:marks", ["offer_pk"], "get", None, JURY, 403),
    ("commissioning:welcome", [], "get", None, VIEW, 200),
    ("commissioning:welcome_json", [], "get", None, VIEW, 200),
    ("commissioning:welcome", [], "post", {"label": "Assurance"}, ADMIN, 302),
    ("commissioning:welcome_toggle", ["task_pk"], "post", None, ADMIN, 302),
    ("commissioning:welcome_edit", ["task_pk"], "get", None, ADMIN, 200),
    ("commissioning:welcome_edit", ["task_pk"], "post", {"label": "Clés du gîte"}, ADMIN, 302),
    ("commissioning:welcome_delete", ["task_pk"], "post", None, ADMIN, 302),
    ("commissioning:member_edit", ["member_pk"], "get", None, ADMIN, 200),
    (
        "commissioning:member_edit",
        ["member_pk"],
        "post",
        {"membre-full_name": "Anne Morel-Petit", "membre-college": "elus"},
        ADMIN,
        302,
    ),
    ("commissioning:member_delete", ["member_pk"], "post", None, ADMIN, 302),
    ("commissioning:committee", [], "get", None, VIEW, 200),
    ("commissioning:committee_json", [], "get", None, VIEW, 200),
    (
        "commissioning:committee",
        [],
        "post",
        {"action": "member", "membre-full_name": "X", "membre-college": "elus"},
        ADMIN,
        302,
    ),
    ("commissioning:meeting", ["meeting_pk"], "get", None, VIEW, 200),
    ("commissioning:meeting_json", ["meeting_pk"], "get", None, VIEW, 200),
    (
        "commissioning:meeting",
        ["meeting_pk"],
        "post",
        {"action": "decision", "decision-text": "Oui"},
        ADMIN,
        302,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "args", "method", "data", "rule", "ok"),
    MORE_CASES,
    ids=[f"{c[0]}-{c[2]}-{i}" for i, c in enumerate(MORE_CASES)],
)
def test_choosing_and_welcome_permission_matrix(
    client_for, cast, persona, name, args, method, data, rule, ok
):
    objects = _objects(cast)
    url = reverse(name, args=[cast.residency.pk, *(objects.get(a, a) for a in args)])
    data = {k: objects.get(v, v) if isinstance(v, str) else v for k, v in (data or {}).items()}
    client = client_for(cast.user(persona))
    response = getattr(client, method)(url, data)
    expected = rule.get(persona, ok)
    assert response.status_code == expected, (
        f"{persona} on {name}: {response.status_code}, expected {expected}"
    )
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)  # closes the file without closing the DB connection
    if persona == "anonymous":
        assert "/connexion" in response["Location"] or "login" in response["Location"]
