"""Demo data of the register of actors, of field material and of public contributions (Péronne).

Idempotent: actors are found by name, materials by a client id derived from a fixed name, and the
contributions are created once (the contribution page stays open so that visitors can try it).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from .models import FieldworkSettings, Material, Stakeholder, Visibility
from .services import capture_material, moderate_contribution, record_consents, submit_contribution

DEMO_NAMESPACE = uuid.UUID("6f1c2a4e-3d55-4c1e-9a63-9b7f0b0a5e21")

# name, pseudonym, category, kind, organisation, role, influence, interest, met_on, met_where, consents
# (consents: media × purposes granted, as "texte:analyse" strings)
ACTORS = [
    (
        "Sophie Delattre",
        "La maire",
        "elu",
        "personne",
        "Commune de Péronne",
        "Maire",
        5,
        5,
        date(2026, 9, 22),
        "Hôtel de ville",
        ["texte:analyse", "texte:publication", "photo:analyse", "photo:publication"],
    ),
    (
        "Sophie Martin",
        "La directrice des services",
        "technicien",
        "personne",
        "Commune de Péronne",
        "Directrice générale des services",
        4,
        4,
        date(2026, 9, 22),
        "Hôtel de ville",
        ["texte:analyse"],
    ),
    (
        "DDTM de la Somme",
        "",
        "etat",
        "organisation",
        "",
        "Service aménagement",
        4,
        3,
        date(2026, 10, 13),
        "Visio de lancement",
        ["texte:analyse", "texte:publication"],
    ),
    (
        "Les Amis des remparts",
        "Une association patrimoniale",
        "association",
        "organisation",
        "",
        "",
        2,
        5,
        date(2026, 10, 13),
        "Porte de Bretagne",
        ["texte:analyse", "texte:publication", "voix:analyse"],
    ),
    (
        "Martine Lefèvre",
        "Une habitante du faubourg de Paris",
        "habitant",
        "personne",
        "",
        "Retraitée",
        1,
        4,
        date(2026, 10, 13),
        "Marché du samedi",
        ["texte:analyse", "texte:publication"],
    ),
    (
        "Karim Benali",
        "Un commerçant de la rue Saint-Fursy",
        "commerce",
        "personne",
        "Boulangerie Saint-Fursy",
        "Boulanger",
        2,
        3,
        date(2026, 10, 14),
        "Rue Saint-Fursy",
        ["texte:analyse"],
    ),
    ("Historial de la Grande Guerre", "", "autre", "organisation", "", "Médiation", 3, 2, None, "", []),
    (
        "Lucie Garnier",
        "Une chercheuse en géographie",
        "chercheur",
        "personne",
        "Université de Picardie",
        "Maîtresse de conférences",
        1,
        2,
        None,
        "",
        [],
    ),
]

MATERIALS = [
    (
        "note-parking",
        "note",
        "Le parking comme place publique",
        "Le samedi matin, le parking de la Porte de Bretagne sert de place : on s’y arrête, on discute près des voitures.",
        49.9318,
        2.9340,
        "Porte de Bretagne",
        [],
        Visibility.PARTNERS,
    ),
    (
        "citation-maire",
        "citation",
        "« On ne sait plus où est le centre »",
        "On ne sait plus où est le centre : la grand-rue, les remparts ou le supermarché ?",
        49.9319,
        2.9336,
        "Hôtel de ville",
        ["Sophie Delattre"],
        Visibility.PUBLIC,
    ),
    (
        "etonnement-etangs",
        "etonnement",
        "Aucun panneau vers les étangs",
        "À dix minutes à pied de la place, les étangs de la Haute-Somme ; aucun panneau ne les indique.",
        49.9290,
        2.9410,
        "Chemin de halage",
        [],
        Visibility.PUBLIC,
    ),
    (
        "recit-marche",
        "recit",
        "Traverser pour le marché",
        "Martine traverse la rue de Paris deux fois par semaine ; elle évite le carrefour, « trop de camions ».",
        49.9300,
        2.9345,
        "Faubourg de Paris",
        ["Martine Lefèvre"],
        Visibility.PUBLIC,
    ),
    (
        "note-boulangerie",
        "note",
        "La boulangerie, point de repère",
        "La boulangerie de la rue Saint-Fursy sert d’indication aux visiteurs : « après la boulangerie, à gauche ».",
        49.9326,
        2.9331,
        "Rue Saint-Fursy",
        ["Karim Benali"],
        Visibility.TEAM,
    ),
]

CONTRIBUTIONS = [
    # body, place, lat, lon, publish, accept
    (
        "Enfant, je pêchais avec mon grand-père au bout du chemin des étangs. Aujourd’hui on ne trouve plus "
        "l’entrée, cachée derrière les garages.",
        "Chemin des étangs",
        49.9285,
        2.9422,
        True,
        True,
    ),
    (
        "Le soir, la place du marché est vide et mal éclairée : on passe vite.",
        "Place du marché",
        49.9322,
        2.9341,
        False,
        True,
    ),
    (
        "Il faudrait un banc devant la poste, les anciens n’ont nulle part où attendre le bus.",
        "La poste",
        49.9330,
        2.9350,
        True,
        None,
    ),
]


def load(context: dict, stdout=None) -> None:
    residency = context.get("residency")
    if residency is None:
        return
    users = context.get("users", {})
    author = users.get("team_member") or users.get("coordinator")
    sessions = list(residency.sessions.order_by("position", "pk"))
    immersion = next((s for s in sessions if s.phase == "arpenter"), None)
    people = {}
    for (
        name,
        pseudonym,
        category,
        kind,
        organisation,
        role,
        influence,
        interest,
        met_on,
        met_where,
        consents,
    ) in ACTORS:
        person, created = Stakeholder.objects.get_or_create(
            residency=residency,
            name=name,
            defaults={
                "pseudonym": pseudonym,
                "category": category,
                "kind": kind,
                "organisation": organisation,
                "role": role,
                "influence": influence,
                "interest": interest,
                "met_on": met_on,
                "met_where": met_where,
                "met_session": immersion if met_on and met_on >= date(2026, 10, 1) else None,
                "status": Stakeholder.Status.MET if met_on else Stakeholder.Status.TO_MEET,
                "created_by": author,
            },
        )
        if created and consents:
            record_consents(
                stakeholder=person,
                answers={tuple(c.split(":")): True for c in consents},
                given_on=met_on or date(2026, 10, 13),
                source="formulaire_signe",
                note="Formulaire d’autorisation signé lors de la rencontre",
                by=author,
            )
        people[name] = person
    for slug, kind, title, body, lat, lon, place, names, visibility in MATERIALS:
        capture_material(
            residency=residency,
            author=author,
            client_uuid=uuid.uuid5(DEMO_NAMESPACE, f"{residency.pk}:{slug}"),
            kind=kind,
            captured_at=datetime(2026, 10, 13, 10, 0, tzinfo=UTC),
            title=title,
            body=body,
            latitude=lat,
            longitude=lon,
            position_source=Material.PositionSource.DEVICE,
            place_label=place,
            session=immersion,
            stakeholders=[people[n] for n in names],
            resources=["immaterielles"] if kind in ("recit", "citation") else ["materielles"],
            visibility=visibility,
        )
    FieldworkSettings.objects.update_or_create(
        residency=residency,
        defaults={
            "contributions_are_open": True,
            "contribution_prompt": (
                "Un lieu de Péronne que vous aimez, que vous évitez, où vous vous perdez ? "
                "Racontez-le à l’équipe de la résidence."
            ),
        },
    )
    if residency.materials.filter(origin=Material.Origin.CONTRIBUTION).exists():
        return
    for body, place, lat, lon, publish, accept in CONTRIBUTIONS:
        material = submit_contribution(
            residency=residency,
            kind=Material.Kind.STORY,
            body=body,
            contributor_name="",
            agree_analysis=True,
            agree_publish_text=publish,
            agree_publish_photo=False,
            latitude=lat,
            longitude=lon,
            place_label=place,
            checked_file=None,
        )
        if accept is not None:
            moderate_contribution(material=material, accept=accept)
