import pytest

from arpenteur.residencies.models import Party, ResidencyMembership

from ..factories import OrganisationFactory
from ..personas import Cast


@pytest.fixture
def cast(db):
    """The shared cast, with the commissioner's membership really « commanditaire »: the shared
    ResidencyFactory drops `creator_role`, so the creator ends up coordinator (reported to the lead)."""
    built = Cast.build()
    ResidencyMembership.objects.filter(residency=built.residency, user=built.commissioner).update(
        role=ResidencyMembership.Role.COMMISSIONER
    )
    return built


@pytest.fixture
def residency(cast):
    r = cast.residency
    r.question = "Comment relier les quartiers : remparts, étangs et centre ?"
    r.save(update_fields=["question"])
    Party.objects.create(
        residency=r, organisation=OrganisationFactory(name="Collectif Lisière"), role="mandataire"
    )
    Party.objects.create(
        residency=r, organisation=OrganisationFactory(name="Région Hauts-de-France"), role="financeur"
    )
    return r
