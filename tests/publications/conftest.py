import pytest

from arpenteur.publications.services import set_publication_opt_in
from arpenteur.residencies.models import Party, ResidencyMembership

from ..factories import OrganisationFactory
from ..personas import Cast
from .scenario import Markers, build_rich_residency


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


@pytest.fixture
def rich(cast):
    """The rich residency of `scenario.py`, published by both parties, with its markers."""
    markers = Markers()
    residency = build_rich_residency(cast, markers)
    set_publication_opt_in(residency=cast.residency, user=cast.commissioner, opt_in=True)
    set_publication_opt_in(residency=cast.residency, user=cast.coordinator, opt_in=True)
    return residency, markers
