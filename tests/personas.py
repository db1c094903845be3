"""The shared cast: one person per persona around one residency, used by every view test.

cast = Cast.build()
cast.commissioner, cast.coordinator, cast.team_member, cast.partner  # members of cast.residency
cast.operator   # member of the residency's programme-operator organisation
cast.outsider   # signed in, no link to the residency
cast.staff      # platform staff
cast.anonymous  # nobody signed in (None)
"""

from __future__ import annotations

from dataclasses import dataclass

from arpenteur.accounts.models import Organisation, OrganisationMembership, User
from arpenteur.residencies.models import Residency, ResidencyMembership

from .factories import CommuneFactory, OrganisationFactory, ResidencyFactory, UserFactory

PERSONAS = [
    "anonymous",
    "outsider",
    "operator",
    "partner",
    "team_member",
    "coordinator",
    "commissioner",
    "staff",
]


@dataclass
class Cast:
    residency: Residency
    commissioner: User
    coordinator: User
    team_member: User
    partner: User
    operator: User
    outsider: User
    staff: User
    anonymous: None = None

    @classmethod
    def build(cls, residency: Residency | None = None) -> Cast:
        commissioner = UserFactory(email="commanditaire@example.org", full_name="Camille Commanditaire")
        operator_org = OrganisationFactory(name="Région opératrice", kind=Organisation.Kind.REGION)
        residency = residency or ResidencyFactory(
            title="Résidence de la distribution",
            commune=CommuneFactory(peronne=True),
            created_by=commissioner,
            creator_role="commanditaire",
        )
        if not residency.memberships.filter(user=commissioner).exists():
            ResidencyMembership.objects.create(
                residency=residency, user=commissioner, role=ResidencyMembership.Role.COMMISSIONER
            )
        residency.programme_operator = operator_org
        residency.save(update_fields=["programme_operator"])
        people = {"commissioner": commissioner}
        for persona, role in [
            ("coordinator", ResidencyMembership.Role.COORDINATOR),
            ("team_member", ResidencyMembership.Role.TEAM_MEMBER),
            ("partner", ResidencyMembership.Role.PARTNER),
        ]:
            people[persona] = UserFactory(email=f"{persona}@example.org")
            ResidencyMembership.objects.create(residency=residency, user=people[persona], role=role)
        people["operator"] = UserFactory(email="operator@example.org")
        OrganisationMembership.objects.create(user=people["operator"], organisation=operator_org)
        people["outsider"] = UserFactory(email="outsider@example.org")
        people["staff"] = UserFactory(email="staff@example.org", is_staff=True)
        return cls(residency=residency, **people)

    def user(self, persona: str) -> User | None:
        return getattr(self, persona)
