"""Demo data of the analysis for Péronne: a few notes and words gathered on site, coded, turned into
findings and enjeux — the start of the chain the roadmap's actions cite.

Idempotent: materials, findings and enjeux are looked up by their title first. The material is the
analysis' own small set (its titles say so); the fieldwork demo may add more beside it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from .models import Enjeu, Finding, Segment
from .services import code_passage, create_code, get_or_create_codebook, save_enjeu, save_finding

SPEAKER = ("Habitante de la ville basse", "habitant")

MATERIALS = [
    (
        "Le parking de la Porte de Bretagne",
        "note",
        "Les collégiens traversent le parking de la Porte de Bretagne pour rejoindre la gare routière. "
        "Aucun passage piéton ne les guide, les voitures manœuvrent entre eux.",
        (49.9318, 2.9340, "Porte de Bretagne"),
        False,
    ),
    (
        "Parole d’une commerçante de la rue Saint-Fursy",
        "citation",
        "Le samedi, le marché fait vivre la place ; en semaine, les vitrines vides de la rue Saint-Fursy "
        "découragent les passants.",
        (49.9329, 2.9327, "Rue Saint-Fursy"),
        True,
    ),
    (
        "Les étangs invisibles depuis le centre",
        "etonnement",
        "Depuis la place du Marché-l’Herbe, rien n’indique que les étangs de la Haute-Somme sont à dix "
        "minutes à pied.",
        (49.9336, 2.9316, "Place du Marché-l’Herbe"),
        False,
    ),
    (
        "Les remparts, fierté et barrière",
        "note",
        "Les habitants parlent des remparts avec fierté, mais les remparts coupent la ville basse du centre "
        "historique.",
        (49.9310, 2.9350, "Remparts"),
        True,
    ),
]

# (material title, passage, code, finding title, SWOT kind, axis)
FINDINGS = [
    (
        "Le parking de la Porte de Bretagne",
        "Aucun passage piéton ne les guide",
        "Mobilités",
        "Les trajets à pied vers la gare routière ne sont ni guidés ni sûrs",
        "faiblesse",
        "Faire liaison(s)",
    ),
    (
        "Parole d’une commerçante de la rue Saint-Fursy",
        "les vitrines vides de la rue Saint-Fursy",
        "Commerce",
        "La vacance commerciale décourage la flânerie en semaine",
        "faiblesse",
        "Faire repère(s)",
    ),
    (
        "Les étangs invisibles depuis le centre",
        "rien n’indique que les étangs de la Haute-Somme sont à dix minutes à pied",
        "Environnement",
        "Les étangs sont une ressource toute proche mais invisible depuis le centre",
        "opportunite",
        "Faire repère(s)",
    ),
    (
        "Les remparts, fierté et barrière",
        "les remparts coupent la ville basse du centre historique",
        "Patrimoine",
        "Les remparts, fierté partagée, séparent aussi la ville basse du centre",
        "force",
        "Faire liaison(s)",
    ),
]

# (enjeu title, description, axis, finding titles)
ENJEUX = [
    (
        "Relier à pied la ville basse, la gare routière et le centre",
        "Des trajets quotidiens existent déjà, sans aménagement ni repère : les rendre sûrs et lisibles.",
        "Faire liaison(s)",
        [FINDINGS[0][3], FINDINGS[3][3]],
    ),
    (
        "Redonner de la vie aux rues commerçantes en semaine",
        "Le marché du samedi montre l’envie ; la semaine, les vitrines vides la démentent.",
        "Faire repère(s)",
        [FINDINGS[1][3]],
    ),
    (
        "Faire des étangs un repère du quotidien",
        "Une ressource naturelle à dix minutes du centre, que rien ne signale.",
        "Faire repère(s)",
        [FINDINGS[2][3]],
    ),
]


def load(context: dict, stdout=None) -> None:
    from arpenteur.fieldwork.models import Consent, Material, MaterialStakeholder, Stakeholder
    from arpenteur.residencies.models import Residency

    residency = (
        context.get("residency") or Residency.objects.filter(is_demo=True, commune__code="80620").first()
    )
    if residency is None:
        return
    author = context.get("users", {}).get("team_member")
    speaker, created = Stakeholder.objects.get_or_create(
        residency=residency,
        name="Mme Lucie Ternois",
        defaults={"category": "habitant", "pseudonym": SPEAKER[0]},
    )
    if created:
        for purpose in Consent.Purpose.values:
            Consent.objects.create(
                stakeholder=speaker,
                medium=Consent.Medium.TEXT,
                purpose=purpose,
                given_on=date(2026, 9, 12),
                source=Consent.Source.SIGNED_FORM,
            )
    materials = {}
    for title, kind, body, (lat, lon, place), quoted in MATERIALS:
        material, created = Material.objects.get_or_create(
            residency=residency,
            title=title,
            defaults={
                "kind": kind,
                "body": body,
                "captured_at": datetime(2026, 9, 12, 10, 30, tzinfo=UTC),
                "latitude": lat,
                "longitude": lon,
                "place_label": place,
                "position_source": Material.PositionSource.DEVICE,
                "author": author,
                "visibility": "partenaires",
            },
        )
        if created and quoted:
            MaterialStakeholder.objects.create(material=material, stakeholder=speaker)
        materials[title] = material
    book = get_or_create_codebook(residency)
    findings = {}
    for material_title, passage, code_name, title, swot, axis in FINDINGS:
        finding = Finding.objects.filter(residency=residency, title=title).first()
        if finding is None:
            material = materials[material_title]
            code = book.codes.filter(name=code_name).first() or create_code(codebook=book, name=code_name)
            start = material.body.index(passage)
            segment = Segment.objects.filter(material=material, start=start).first() or code_passage(
                material=material,
                user=author,
                codes=[code],
                field_name="body",
                start=start,
                end=start + len(passage),
            )
            finding = save_finding(
                finding=Finding(residency=residency, title=title, swot=swot, axis=axis),
                user=author,
                segments=[segment],
            )
        findings[title] = finding
    for title, description, axis, finding_titles in ENJEUX:
        if not Enjeu.objects.filter(residency=residency, title=title).exists():
            save_enjeu(
                enjeu=Enjeu(residency=residency, title=title, description=description, axis=axis),
                user=author,
                findings=[findings[t] for t in finding_titles],
            )
    if stdout:
        stdout.write("Analyse : quatre matériaux codés, quatre constats, trois enjeux à Péronne.")
