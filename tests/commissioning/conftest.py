import pytest

from arpenteur.residencies.models import ResidencyMembership

from ..personas import Cast


@pytest.fixture
def cast(db):
    """The shared cast, with the commissioner really holding the commissioner role.

    tests.factories.ResidencyFactory drops `creator_role`, so Cast.build() leaves its commissioner
    with the creator's default role (coordination). The commission tells the two apart (marks,
    award), so these tests set the role the persona is meant to have."""
    cast = Cast.build()
    ResidencyMembership.objects.filter(residency=cast.residency, user=cast.commissioner).update(
        role=ResidencyMembership.Role.COMMISSIONER
    )
    return cast
