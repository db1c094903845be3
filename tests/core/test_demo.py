"""The demo data loads twice without change, and every page of the demo residency renders."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from arpenteur.residencies.models import PhaseKind, Residency

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label != "sessions"
    }


def test_demo_data_is_idempotent_and_every_phase_page_renders_for_each_persona(client):
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
    residency = Residency.objects.get(is_demo=True, commune__code="80620")
    for membership in residency.memberships.select_related("user"):
        client.force_login(membership.user)
        assert client.get(reverse("residencies:dashboard", args=[residency.pk])).status_code == 200
        for kind in PhaseKind.values:
            response = client.get(reverse("residencies:phase", args=[residency.pk, kind]))
            assert response.status_code == 200, (membership.role, kind)
