from dataclasses import dataclass

import pytest

from arpenteur.accounts.models import OrganisationMembership, User
from arpenteur.programmes.models import Call, Programme

from ..factories import OrganisationFactory, UserFactory
from ..personas import PERSONAS, Cast
from .factories import CallFactory, PortfolioEntryFactory, ProgrammeFactory

PROGRAMME_PERSONAS = [*PERSONAS, "applicant"]


@dataclass
class ProgrammeCast:
    """The shared cast around a programme run by the cast's operator organisation, with an open
    call and a commune (`applicant`) that may apply; cast.residency is in the portfolio."""

    cast: Cast
    programme: Programme
    call: Call
    applicant: User

    def user(self, persona):
        if persona == "applicant":
            return self.applicant
        return self.cast.user(persona)


@pytest.fixture
def pcast(cast):
    programme = ProgrammeFactory(
        operator=cast.residency.programme_operator, name="Résidences de la Région", slug="residences-region"
    )
    call = CallFactory(programme=programme, title="Appel 2027")
    applicant = UserFactory(email="maire@commune.example.org")
    commune_org = OrganisationFactory(name="Commune candidate", kind="commune")
    OrganisationMembership.objects.create(user=applicant, organisation=commune_org)
    PortfolioEntryFactory(programme=programme, residency=cast.residency)
    return ProgrammeCast(cast=cast, programme=programme, call=call, applicant=applicant)
