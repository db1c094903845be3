"""Demo data of the residency core: territories, one account per persona, and residencies.

Everything here is marked as demonstration data. Names of people are invented; the communes,
their figures and the Péronne residency's outline come from public sources (INSEE, Région
Hauts-de-France).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from arpenteur.accounts.models import Organisation, OrganisationMembership, User
from arpenteur.territories.importers import import_territories
from arpenteur.territories.models import Commune

from .models import FormatTemplate, Party, Phase, Residency, ResidencyMembership, Session
from .services import create_residency, set_current_phase

DEMO_TERRITORIES = Path(__file__).resolve().parent.parent / "territories" / "data" / "demo"
DEMO_PASSWORD = "arpenteur-demo"  # noqa: S105 — documented in the README, demo only

PERSONAS = {
    "commissioner": (
        "maire@peronne.example.org",
        "Sophie Delattre",
        "Commune de Péronne",
        Organisation.Kind.COMMUNE,
    ),
    "coordinator": (
        "coordination@collectif-lisiere.example.org",
        "Malik Benarbia",
        "Collectif Lisière",
        Organisation.Kind.TEAM,
    ),
    "team_member": (
        "equipe@collectif-lisiere.example.org",
        "Jeanne Vasseur",
        "Collectif Lisière",
        Organisation.Kind.TEAM,
    ),
    "partner": ("ddtm@somme.example.org", "Pierre Lefebvre", "DDTM de la Somme", Organisation.Kind.STATE),
    "operator": (
        "residences@region.example.org",
        "Claire Dumont",
        "Région Hauts-de-France",
        Organisation.Kind.REGION,
    ),
}


def load(context: dict, stdout=None) -> None:
    import_territories([DEMO_TERRITORIES], cog_year=2024)
    users, orgs = {}, {}
    for persona, (email, name, org_name, kind) in PERSONAS.items():
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        org, _ = Organisation.objects.get_or_create(name=org_name, defaults={"kind": kind})
        OrganisationMembership.objects.get_or_create(
            user=user, organisation=org, defaults={"role": OrganisationMembership.Role.ADMIN}
        )
        users[persona], orgs[persona] = user, org
    admin, created = User.objects.get_or_create(
        email="admin@arpenteur.example.org",
        defaults={"full_name": "Administration Arpenteur", "is_staff": True, "is_superuser": True},
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    users["staff"] = admin
    urba8, _ = Organisation.objects.get_or_create(
        name="Agence d’urbanisme de la Somme", defaults={"kind": Organisation.Kind.AGENCY}
    )
    orgs["agency"] = urba8

    context["users"], context["orgs"] = users, orgs
    context["residency"] = _peronne(users, orgs)
    context["other_residencies"] = [_tergnier(users, orgs)]
    if stdout:
        stdout.write(
            "Résidences de démonstration : "
            + ", ".join(r.title for r in [context["residency"], *context["other_residencies"]])
        )


def _peronne(users, orgs) -> Residency:
    title = "Péronne — faire repère(s), faire liaison(s)"
    residency = Residency.objects.filter(title=title, is_demo=True).first()
    if residency:
        return residency
    residency = create_residency(
        title=title,
        commune=Commune.objects.get(code="80620", cog_year=2024, kind=Commune.Kind.COMMUNE),
        format=FormatTemplate.objects.get(slug="residence-hauts-de-france"),
        start_date=date(2026, 9, 1),
        end_date=date(2026, 12, 18),
        question=(
            "Comment redonner au centre-ville de Péronne des repères lisibles et relier ses quartiers, ses remparts "
            "et ses étangs, pour que les habitants s’y arrêtent et s’y retrouvent ?"
        ),
        created_by=users["commissioner"],
        creator_role=ResidencyMembership.Role.COMMISSIONER,
        is_demo=True,
    )
    residency.programme_operator = orgs["operator"]
    residency.save(update_fields=["programme_operator"])
    # The programme of the real Péronne residency: preparation visits, two days on site and a
    # provisional restitution on day 3, then the final restitution eight weeks later.
    Session.objects.filter(residency=residency).delete()
    Session.objects.bulk_create(
        [
            Session(
                residency=residency,
                title="Visite préparatoire avec le maire",
                phase="preparer",
                position=1,
                start_date=date(2026, 9, 22),
                end_date=date(2026, 9, 22),
                place="Hôtel de ville",
                latitude=49.9319,
                longitude=2.9336,
            ),
            Session(
                residency=residency,
                title="Immersion : balades, micro-trottoirs, entretiens",
                phase="arpenter",
                position=2,
                start_date=date(2026, 10, 13),
                end_date=date(2026, 10, 14),
                place="Place du Marché-l’Herbe",
                latitude=49.9318,
                longitude=2.9327,
                description="Deux jours sur site : balade urbaine avec les élus, micro-trottoirs au marché, entretiens d’acteurs.",
            ),
            Session(
                residency=residency,
                title="Restitution provisoire",
                phase="reveler",
                position=3,
                start_date=date(2026, 10, 15),
                end_date=date(2026, 10, 15),
                place="Salle des fêtes",
            ),
            Session(
                residency=residency,
                title="Restitution finale",
                phase="restituer",
                position=4,
                start_date=date(2026, 12, 8),
                end_date=date(2026, 12, 8),
                place="Historial de la Grande Guerre",
                latitude=49.9303,
                longitude=2.9339,
            ),
        ]
    )
    Phase.objects.filter(residency=residency, kind="commander").update(
        start_date=date(2026, 9, 1), end_date=date(2026, 9, 15)
    )
    Phase.objects.filter(residency=residency, kind="preparer").update(
        start_date=date(2026, 9, 16), end_date=date(2026, 10, 12)
    )
    Phase.objects.filter(residency=residency, kind="arpenter").update(
        start_date=date(2026, 10, 13), end_date=date(2026, 10, 14)
    )
    Phase.objects.filter(residency=residency, kind="reveler").update(
        start_date=date(2026, 10, 15), end_date=date(2026, 11, 20)
    )
    Phase.objects.filter(residency=residency, kind="prefigurer").update(
        start_date=date(2026, 11, 21), end_date=date(2026, 12, 7)
    )
    Phase.objects.filter(residency=residency, kind="restituer").update(
        start_date=date(2026, 12, 8), end_date=date(2026, 12, 18)
    )
    set_current_phase(residency=residency, phase="reveler")
    for persona, role, discipline in [
        ("coordinator", ResidencyMembership.Role.COORDINATOR, "Urbaniste, mandataire"),
        ("team_member", ResidencyMembership.Role.TEAM_MEMBER, "Sociologue"),
        ("partner", ResidencyMembership.Role.PARTNER, "Chargé de mission aménagement"),
    ]:
        ResidencyMembership.objects.get_or_create(
            residency=residency,
            user=users[persona],
            defaults={"role": role, "discipline": discipline, "organisation": orgs[persona]},
        )
    ResidencyMembership.objects.filter(residency=residency, user=users["commissioner"]).update(
        discipline="Maire", organisation=orgs["commissioner"]
    )
    for persona, role in [
        ("commissioner", Party.Role.CLIENT),
        ("operator", Party.Role.FUNDER),
        ("partner", Party.Role.CO_PILOT),
        ("coordinator", Party.Role.LEAD_CONTRACTOR),
    ]:
        Party.objects.get_or_create(residency=residency, organisation=orgs[persona], role=role)
    Party.objects.get_or_create(
        residency=residency, organisation=orgs["agency"], role=Party.Role.INTERMEDIARY
    )
    return residency


def _tergnier(users, orgs) -> Residency:
    title = "Tergnier — habiter les cités cheminotes"
    residency = Residency.objects.filter(title=title, is_demo=True).first()
    if residency:
        return residency
    residency = create_residency(
        title=title,
        commune=Commune.objects.get(code="02738", cog_year=2024, kind=Commune.Kind.COMMUNE),
        format=FormatTemplate.objects.get(slug="residence-3-temps"),
        start_date=date(2027, 1, 11),
        end_date=date(2027, 6, 11),
        question="Quel avenir pour les cités cheminotes de Fargniers et leurs jardins ?",
        created_by=users["coordinator"],
        creator_role=ResidencyMembership.Role.COORDINATOR,
        is_demo=True,
    )
    residency.programme_operator = orgs["operator"]
    residency.save(update_fields=["programme_operator"])
    ResidencyMembership.objects.get_or_create(
        residency=residency,
        user=users["team_member"],
        defaults={"role": ResidencyMembership.Role.TEAM_MEMBER, "discipline": "Sociologue"},
    )
    return residency
