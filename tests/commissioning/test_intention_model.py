import pytest
from django.core.exceptions import ValidationError

from arpenteur.commissioning.models import Intention
from tests.factories import ResidencyFactory

pytestmark = pytest.mark.django_db


def test_intention_labels_and_dates():
    intention = Intention.objects.create(
        residency=ResidencyFactory(), stakes=["social", "climat", "inconnu"], deliverables=["diagnostic"]
    )
    assert intention.stake_labels() == ["Cohésion sociale, solidarités", "Climat, adaptation, sobriété"]
    assert intention.deliverable_labels() == ["Diagnostic partagé"]
    intention.earliest_start = intention.residency.end_date
    intention.latest_end = intention.residency.start_date
    with pytest.raises(ValidationError):
        intention.clean()
