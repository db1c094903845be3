"""The Péronne demo shows a roadmap: a vision, three axes, six fiches action each citing enjeux whose
trace reaches the field material — and every roadmap page renders for every member."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from arpenteur.residencies.models import Residency
from arpenteur.roadmap.models import Action, Axis, Vision

pytestmark = pytest.mark.django_db


def test_the_demo_roadmap_of_peronne(client):
    call_command("seed_demo", stdout=io.StringIO())
    residency = Residency.objects.get(is_demo=True, commune__code="80620")
    assert Vision.objects.get(residency=residency).text
    assert Axis.objects.filter(residency=residency).count() == 3
    actions = list(Action.objects.filter(residency=residency).prefetch_related("enjeux__findings__evidence"))
    assert len(actions) == 6
    for action in actions:
        assert action.enjeux.exists()
        assert all(f.evidence.exists() for e in action.enjeux.all() for f in e.findings.all())
    assert {a.horizon for a in actions} == {"court", "moyen", "long"} and any(a.quick_win for a in actions)
    assert any(a.audience == "equipe" for a in actions) and any(a.audience == "public" for a in actions)
    for membership in residency.memberships.select_related("user"):
        client.force_login(membership.user)
        for name in ("home", "timeline", "by_lead", "quick_wins"):
            assert client.get(reverse(f"roadmap:{name}", args=[residency.pk])).status_code == 200
        for action in actions:
            response = client.get(reverse("roadmap:action_trace", args=[residency.pk, action.pk]))
            hidden = action.audience == "equipe" and not residency.can_be_edited_by(membership.user)
            assert response.status_code == (404 if hidden else 200)
