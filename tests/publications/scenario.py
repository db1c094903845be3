"""A rich residency for the privacy tests: everything a residency holds, with a unique marker
planted in every field that must never reach a public output, and a few public sentinels that must
(they prove the extraction works, so the « no marker » assertions can fail).

Markers are upper-case letters and digits only: French typography, hyphenation and PDF text
extraction cannot split them into something unrecognisable (the search also ignores whitespace,
hyphens and soft hyphens).
"""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from django.core.files.base import ContentFile
from PIL import Image

from arpenteur.analysis.models import AstonishmentReport
from arpenteur.commissioning.models import Intention
from arpenteur.fieldwork.models import Activity, Consent, Material, MaterialStakeholder, Method, Stakeholder
from arpenteur.publications.models import CahierItem
from arpenteur.publications.services import ensure_cahier_sections
from arpenteur.residencies.models import Party, Session
from arpenteur.roadmap.models import Action, Axis, FundingLine, Indicator, Vision
from tests.analysis.factories import a_finding, an_enjeu
from tests.factories import OrganisationFactory
from tests.fieldwork.factories import all_consents


@dataclass
class Markers:
    private: dict[str, str] = field(default_factory=dict)
    public: dict[str, str] = field(default_factory=dict)

    def secret(self, where: str) -> str:
        marker = "PRIV" + secrets.token_hex(6).upper()
        self.private[marker] = where
        return marker

    def shown(self, where: str) -> str:
        marker = "PUBL" + secrets.token_hex(6).upper()
        self.public[marker] = where
        return marker

    def leaked(self, text: str) -> dict[str, str]:
        flat = squash(text)
        return {m: where for m, where in self.private.items() if m in flat}

    def missing(self, text: str, only: tuple[str, ...] = ()) -> dict[str, str]:
        flat = squash(text)
        return {
            m: where
            for m, where in self.public.items()
            if m not in flat and (not only or any(where.startswith(o) for o in only))
        }


def squash(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010\u2011]", "", text)


def jpeg_with_exif(text: str) -> bytes:
    """A small JPEG whose EXIF carries `text` (description, artist, comment) and a GPS block."""
    image = Image.new("RGB", (320, 200), (90, 120, 160))
    exif = Image.Exif()
    exif[0x010E] = text  # ImageDescription
    exif[0x013B] = text  # Artist
    exif[0x8298] = text  # Copyright
    exif[0x8825] = {1: "N", 2: (49.0, 55.0, 57.0), 3: "E", 4: (2.0, 56.0, 1.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=text.encode())
    return out.getvalue()


def photo(residency, markers: Markers, *, where: str, title: str, **fields) -> Material:
    material = Material(
        residency=residency,
        kind=Material.Kind.PHOTO,
        title=title,
        captured_at=datetime(2026, 9, 12, 11, 0, tzinfo=UTC),
        visibility="public",
        **fields,
    )
    secret_name = markers.secret(f"{where} : nom du fichier")
    material.file.save(
        f"{secret_name}.jpg", ContentFile(jpeg_with_exif(markers.secret(f"{where} : EXIF"))), save=False
    )
    material.save()
    return material


def build_rich_residency(cast, markers: Markers):
    """Plant a marker in every private place of `cast.residency`; return the residency."""
    r = cast.residency
    s, p = markers.secret, markers.shown
    r.question = f"Comment relier les quartiers {p('question')} ?"
    r.save(update_fields=["question"])
    for user in (cast.commissioner, cast.coordinator, cast.team_member, cast.partner):
        user.full_name = f"Personne {s('nom d’un membre')}"
        user.email = f"{s('courriel d’un membre').lower()}@example.org"
        user.save(update_fields=["full_name", "email"])
    Party.objects.create(
        residency=r, organisation=OrganisationFactory(name="Collectif Lisière"), role="mandataire"
    )
    Party.objects.create(
        residency=r, organisation=OrganisationFactory(name="Région Hauts-de-France"), role="financeur"
    )
    session = Session.objects.create(
        residency=r,
        title=f"Immersion {p('titre d’un temps sur site')}",
        start_date=r.start_date,
        end_date=r.start_date,
        place="Hôtel de ville",
        latitude=49.932,
        longitude=2.934,
        description=s("objectifs internes d’un temps sur site"),
    )
    Intention.objects.create(
        residency=r,
        question=f"Où sont les repères {p('question de l’intention')} ?",
        stakes_note=s("intention : précisions"),
        perimeter_note=s("intention : périmètre"),
        people_to_involve=s("intention : personnes à associer"),
        constraints_note=s("intention : contraintes"),
        deliverables_note=s("intention : livrables"),
        budget_ceiling=98765,
    )

    # Actors: one consenting person (public pseudonym), one who refused, organisations with and without consent.
    consenting = all_consents(
        Stakeholder.objects.create(
            residency=r,
            name=s("nom réel d’une personne qui a consenti"),
            pseudonym=f"Habitante {p('pseudonyme')}",
            category="habitant",
            email=f"{s('courriel d’un acteur').lower()}@example.org",
            phone="06 12 34 56 78",
            role=s("fonction d’un acteur"),
            organisation=s("structure d’un acteur"),
            contact_notes=s("comment joindre un acteur"),
            notes=s("notes sur un acteur"),
            met_where=s("rencontré où"),
            status="rencontre",
        )
    )
    Consent.objects.filter(stakeholder=consenting).update(source_note=s("preuve de consentement"))
    refusing = Stakeholder.objects.create(
        residency=r,
        name=s("nom d’une personne sans consentement"),
        category="commerce",
        status="rencontre",
        notes=s("notes sur une personne sans consentement"),
    )
    Consent.objects.create(
        stakeholder=refusing,
        medium="texte",
        purpose="analyse",
        granted=True,
        given_on=date(2026, 9, 12),
        source="formulaire_signe",
    )
    withdrawn = all_consents(
        Stakeholder.objects.create(
            residency=r,
            name=s("nom d’une personne qui a retiré son accord"),
            pseudonym=s("pseudonyme retiré"),
            category="elu",
            status="rencontre",
        )
    )
    Consent.objects.filter(stakeholder=withdrawn).update(withdrawn_on=date(2026, 9, 20))
    all_consents(
        Stakeholder.objects.create(
            residency=r,
            kind="organisation",
            name=f"Association {p('organisation consentante')}",
            category="association",
            status="rencontre",
        ),
        media=["texte"],
    )
    Stakeholder.objects.create(
        residency=r,
        kind="organisation",
        name=s("organisation sans consentement"),
        category="commerce",
        status="rencontre",
    )

    def material(kind="citation", *, speakers=(), **fields):
        fields.setdefault("captured_at", datetime(2026, 9, 12, 10, 30, tzinfo=UTC))
        fields.setdefault("visibility", "public")
        m = Material.objects.create(residency=r, kind=kind, session=session, **fields)
        for speaker in speakers:
            MaterialStakeholder.objects.create(material=m, stakeholder=speaker)
        return m

    quote = material(
        body=f"On traverse le parking pour aller au collège {p('citation publiée')}",
        title=f"Le raccourci {p('titre d’une citation publiée')}",
        transcript=s("transcription brute d’une citation publiée"),
        contributor_name=s("nom d’un contributeur"),
        place_label="Porte de Bretagne",
        latitude=49.9318,
        longitude=2.934,
        author=cast.team_member,
        speakers=[consenting],
    )
    unconsented = material(
        body=s("citation sans consentement"),
        title=s("titre sans consentement"),
        speakers=[refusing],
        place_label=s("lieu d’une citation sans consentement"),
        latitude=49.935,
        longitude=2.93,
    )
    withdrawn_quote = material(body=s("citation dont l’accord est retiré"), speakers=[withdrawn])
    material(
        "note",
        body=s("note de l’équipe"),
        title=s("titre d’une note d’équipe"),
        visibility="equipe",
        place_label=s("lieu d’une note d’équipe"),
        latitude=49.93,
        longitude=2.94,
    )
    material("note", body=s("note pour les partenaires"), visibility="partenaires")
    material(
        "recit",
        body=s("contribution en attente de modération"),
        moderation="en_attente",
        contributor_name=s("nom d’un contributeur en attente"),
    )
    good_photo = photo(
        r,
        markers,
        where="photo consentie",
        title=f"Les étangs {p('titre d’une photo publiée')}",
        session=session,
    )
    MaterialStakeholder.objects.create(material=good_photo, stakeholder=consenting)
    bad_photo = photo(
        r, markers, where="photo sans consentement", title=s("titre d’une photo sans consentement")
    )
    MaterialStakeholder.objects.create(material=bad_photo, stakeholder=refusing)
    CahierItem.objects.bulk_create(
        [
            CahierItem(
                residency=r,
                kind="citation",
                material_id=quote.pk,
                position=1,
                caption=p("légende d’une citation"),
            ),
            CahierItem(
                residency=r,
                kind="citation",
                material_id=unconsented.pk,
                position=2,
                caption=s("légende d’une citation refusée"),
            ),
            CahierItem(residency=r, kind="citation", material_id=withdrawn_quote.pk, position=3),
            CahierItem(
                residency=r,
                kind="photo",
                material_id=good_photo.pk,
                position=1,
                caption=p("légende d’une photo"),
            ),
            CahierItem(
                residency=r,
                kind="photo",
                material_id=bad_photo.pk,
                position=2,
                caption=s("légende d’une photo refusée"),
            ),
        ]
    )

    # Programme: a public activity (its internal description stays private) and a private one.
    method = Method.objects.filter(residency=None).first()
    Activity.objects.create(
        session=session,
        method=method,
        title=f"Balade {p('activité publique')}",
        day=session.start_date,
        start_time=time(9),
        end_time=time(11),
        place="Remparts",
        is_public=True,
        actual_participants=24,
        description=s("description interne d’une activité"),
        lead_label=s("animateur d’une activité"),
        route={"type": "LineString", "coordinates": [[2.93, 49.93], [2.935, 49.933], [2.94, 49.931]]},
    )
    Activity.objects.create(
        session=session,
        method=method,
        title=s("activité privée"),
        day=session.start_date,
        start_time=time(14),
        end_time=time(16),
        place=s("lieu d’une activité privée"),
        is_public=False,
        actual_participants=6,
    )

    # Diagnosis: public finding and enjeu; team-only ones; an astonishment report.
    finding = a_finding(
        r,
        cast.coordinator,
        materials=[quote],
        title=f"Le parking sert de raccourci {p('constat publié')}",
        visibility="public",
    )
    a_finding(
        r,
        cast.coordinator,
        materials=[quote],
        title=s("constat de l’équipe"),
        description=s("développement d’un constat d’équipe"),
        visibility="equipe",
    )
    enjeu = an_enjeu(
        r,
        cast.coordinator,
        findings=[finding],
        title=f"Relier la gare au centre {p('enjeu publié')}",
        visibility="public",
    )
    an_enjeu(r, cast.coordinator, findings=[finding], title=s("enjeu de l’équipe"), visibility="equipe")
    AstonishmentReport.objects.create(
        residency=r,
        session=session,
        title=s("rapport d’étonnement"),
        people_met=s("personnes rencontrées"),
        impressions=s("impressions"),
    )

    # Roadmap: a vision, a public action, actions kept for the team or for members, funding lines.
    Vision.objects.create(
        residency=r,
        title=f"Une ville-repère {p('titre de la vision')}",
        text=f"Dans dix ans {p('vision')}",
        governance=f"Un comité annuel {p('gouvernance')}",
    )
    axis = Axis.objects.create(residency=r, title=f"Relier {p('axe public')}", position=1)
    secret_axis = Axis.objects.create(residency=r, title=s("axe sans action publique"), position=2)
    public_action = Action.objects.create(
        residency=r,
        number=1,
        axis=axis,
        title=f"Ouvrir un passage {p('action publique')}",
        lead="Commune de Péronne",
        audience="public",
        quick_win=True,
        horizon="court",
        first_steps=f"Un chantier ouvert {p('premières étapes')}",
        cost_ttc=45000,
        latitude=49.932,
        longitude=2.935,
        perimeter={
            "type": "Polygon",
            "coordinates": [
                [[2.934, 49.931], [2.936, 49.931], [2.936, 49.933], [2.934, 49.933], [2.934, 49.931]]
            ],
        },
        created_by=cast.coordinator,
    )
    Indicator.objects.create(
        action=public_action,
        name=f"Passages {p('indicateur')}",
        baseline=120,
        target=300,
        unit="passages/jour",
        source="comptage",
    )
    FundingLine.objects.create(
        action=public_action,
        funder=s("financeur sollicité"),
        amount=87654,
        note=s("note d’une ligne de financement"),
    )
    Action.objects.create(
        residency=r,
        number=2,
        axis=axis,
        title=s("action pour les membres"),
        lead="Commune",
        audience="membres",
        description=s("description d’une action pour les membres"),
    )
    Action.objects.create(
        residency=r,
        number=3,
        axis=secret_axis,
        title=s("action brouillon"),
        lead=s("porteur d’un brouillon"),
        audience="equipe",
    )

    for section in ensure_cahier_sections(r):
        section.text = f"Texte de liaison {p('texte de liaison ' + section.key)}"
        section.save(update_fields=["text"])
    assert enjeu.pk
    return r
