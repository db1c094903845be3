"""State changes of fieldwork that touch several models, one typed function each.

Views, the capture endpoint, the demo loader and tests all go through these functions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .media import CheckedFile
from .models import (
    RESOURCE_TAXONOMY,
    VISIBILITY_RANK,
    Consent,
    FieldworkSettings,
    Material,
    MaterialStakeholder,
    Stakeholder,
    Tag,
    Visibility,
)


class CaptureConflict(Exception):
    """The client id is already used by a material of another residency."""


@dataclass
class CaptureResult:
    material: Material
    created: bool
    warnings: list[str] = field(default_factory=list)


def settings_for(residency) -> FieldworkSettings:
    """The residency's fieldwork settings, unsaved defaults (everything closed) when never set."""
    found = FieldworkSettings.objects.filter(residency=residency).first()
    return found or FieldworkSettings(residency=residency)


def resource_tags(residency) -> dict[str, Tag]:
    """The seven resource tags of the taxonomy for this residency, created on first use."""
    existing = {t.slug: t for t in Tag.objects.filter(residency=residency, kind=Tag.Kind.RESOURCE)}
    for slug, label in RESOURCE_TAXONOMY.items():
        if slug not in existing:
            existing[slug], _created = Tag.objects.get_or_create(
                residency=residency, kind=Tag.Kind.RESOURCE, slug=slug, defaults={"label": str(label)}
            )
    return existing


def free_tags(residency, text: str) -> list[Tag]:
    """Free tags typed as « mot, autre mot »: reused when they exist (same slug), created otherwise."""
    tags = []
    for label in dict.fromkeys(part.strip() for part in text.replace(";", ",").split(",")):
        slug = slugify(label)[:80]
        if not slug:
            continue
        tag, _created = Tag.objects.get_or_create(
            residency=residency, kind=Tag.Kind.FREE, slug=slug, defaults={"label": label[:80]}
        )
        tags.append(tag)
    return tags


def allowed_visibility(stakeholders, media: set[str]) -> str:
    """The widest visibility the consents of these actors allow for these media."""
    people = list(stakeholders)
    if all(s.has_consent(m, Consent.Purpose.PUBLICATION) for s in people for m in media):
        return Visibility.PUBLIC
    if all(s.has_consent(m, Consent.Purpose.INTERNAL) for s in people for m in media):
        return Visibility.PARTNERS
    return Visibility.TEAM


def missing_consents(stakeholders, media: set[str], visibility: str) -> list[str]:
    """French descriptions of the consents missing for the chosen visibility (empty when none)."""
    if visibility == Visibility.TEAM:
        return []
    purpose = Consent.Purpose.PUBLICATION if visibility == Visibility.PUBLIC else Consent.Purpose.INTERNAL
    missing = []
    for person in stakeholders:
        lacking = [Consent.Medium(m).label for m in sorted(media) if not person.has_consent(m, purpose)]
        if lacking:
            missing.append(f"{person.name} ({', '.join(str(x) for x in lacking)})")
    return missing


def capture_material(
    *,
    residency,
    author,
    client_uuid: uuid.UUID,
    kind: str,
    captured_at=None,
    title: str = "",
    body: str = "",
    transcript: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    position_source: str = "",
    place_label: str = "",
    session=None,
    activity=None,
    stakeholders=(),
    resources=(),
    free_tags_text: str = "",
    invisible_use: bool = False,
    latent_tension: bool = False,
    visibility: str = Visibility.TEAM,
    checked_file: CheckedFile | None = None,
) -> CaptureResult:
    """Store one capture exactly once per client id.

    A second send of the same id (retry after a lost answer, duplicate tab, out-of-order outbox)
    returns the stored material with created=False and changes nothing. The visibility is lowered to
    what the actors' consents allow, with a warning: a capture made offline is never refused for it.
    """
    existing = Material.objects.filter(client_uuid=client_uuid).first()
    if existing is not None:
        if existing.residency_id != residency.pk:
            raise CaptureConflict
        return CaptureResult(existing, created=False)
    if activity is not None and session is None:
        session = activity.session
    people = list(
        Stakeholder.objects.filter(pk__in=[s.pk for s in stakeholders]).prefetch_related("consents")
    )
    material = Material(
        residency=residency,
        client_uuid=client_uuid,
        kind=kind,
        title=title,
        body=body,
        transcript=transcript,
        captured_at=captured_at or timezone.now(),
        author=author,
        latitude=latitude if position_source else None,
        longitude=longitude if position_source else None,
        position_source=position_source if latitude is not None else "",
        place_label=place_label,
        session=session,
        activity=activity,
        invisible_use=invisible_use,
        latent_tension=latent_tension,
        visibility=visibility,
    )
    if checked_file is not None:
        # Only the kind matters for the media rule; a placeholder name marks "has a file".
        material.file.name = "pending"
    warnings = []
    allowed = allowed_visibility(people, material.media_used())
    if VISIBILITY_RANK[visibility] > VISIBILITY_RANK[allowed]:
        warnings.append(
            _(
                "Visibilité ramenée à « %(allowed)s » : les consentements des personnes liées ne permettent pas "
                "« %(asked)s »."
            )
            % {"allowed": Visibility(allowed).label, "asked": Visibility(visibility).label}
        )
        material.visibility = allowed
    material.file.name = ""
    try:
        with transaction.atomic():
            material.save()
            if checked_file is not None:
                material.file_type = checked_file.content_type
                material.file_size = checked_file.size
                material.image_width = checked_file.width
                material.image_height = checked_file.height
                # An unguessable name: files are served only through an access-checked view.
                material.file.save(
                    f"{residency.pk}-{uuid.uuid4().hex}.{checked_file.extension}",
                    checked_file.content,
                    save=False,
                )
                material.save(update_fields=["file", "file_type", "file_size", "image_width", "image_height"])
            MaterialStakeholder.objects.bulk_create(
                [MaterialStakeholder(material=material, stakeholder=p) for p in people]
            )
            tags = [resource_tags(residency)[slug] for slug in resources] if resources else []
            tags += free_tags(residency, free_tags_text)
            if tags:
                material.tags.add(*tags)
    except IntegrityError:
        # Two sends of the same id raced: the other one won, and stored the material.
        if material.file.name:
            material.file.storage.delete(material.file.name)
        existing = Material.objects.filter(client_uuid=client_uuid).first()
        if existing is None:
            raise
        if existing.residency_id != residency.pk:
            raise CaptureConflict from None
        return CaptureResult(existing, created=False)
    return CaptureResult(material, created=True, warnings=warnings)


def set_material_links(*, material: Material, stakeholders, resources, free_tags_text: str) -> None:
    """Replace the actors and tags of a material (edit form)."""
    with transaction.atomic():
        material.stakeholder_links.exclude(stakeholder__in=list(stakeholders)).delete()
        known = set(material.stakeholder_links.values_list("stakeholder_id", flat=True))
        MaterialStakeholder.objects.bulk_create(
            [MaterialStakeholder(material=material, stakeholder=s) for s in stakeholders if s.pk not in known]
        )
        tags = [resource_tags(material.residency)[slug] for slug in resources]
        tags += free_tags(material.residency, free_tags_text)
        material.tags.set(tags)


def record_consents(
    *, stakeholder: Stakeholder, answers: dict, given_on: date, source: str, note: str, by
) -> None:
    """Record an actor's answers: {(medium, purpose): granted}. A previous yes turned into no is kept as
    a withdrawal dated today, so the record shows what was agreed and when."""
    today = timezone.localdate()
    with transaction.atomic():
        current = {(c.medium, c.purpose): c for c in stakeholder.consents.select_for_update()}
        for (medium, purpose), granted in answers.items():
            consent = current.get((medium, purpose))
            if consent is None:
                if granted:
                    Consent.objects.create(
                        stakeholder=stakeholder,
                        medium=medium,
                        purpose=purpose,
                        granted=True,
                        given_on=given_on,
                        source=source,
                        source_note=note,
                        recorded_by=by,
                    )
                continue
            if granted and not consent.is_current:
                consent.granted, consent.withdrawn_on, consent.expires_on = True, None, None
                consent.given_on, consent.source, consent.source_note, consent.recorded_by = (
                    given_on,
                    source,
                    note,
                    by,
                )
                consent.save()
            elif not granted and consent.is_current:
                consent.withdrawn_on = today
                consent.recorded_by = by
                consent.save()


def moderate_contribution(*, material: Material, accept: bool) -> None:
    material.moderation = Material.Moderation.APPROVED if accept else Material.Moderation.REJECTED
    material.save(update_fields=["moderation", "updated_at"])


def submit_contribution(
    *,
    residency,
    kind: str,
    body: str,
    contributor_name: str,
    agree_analysis: bool,
    agree_publish_text: bool,
    agree_publish_photo: bool,
    latitude: float | None,
    longitude: float | None,
    place_label: str,
    checked_file: CheckedFile | None,
) -> Material:
    """An inhabitant's story or photo, sent without an account: the contributor becomes an actor
    (category habitant) with the consents they ticked, and the material waits for moderation."""
    media = {Consent.Medium.TEXT} if body else set()
    if checked_file is not None:
        media.add(Consent.Medium.PHOTO)
    with transaction.atomic():
        person = Stakeholder.objects.create(
            residency=residency,
            kind=Stakeholder.Kind.PERSON,
            name=contributor_name or _("Contribution anonyme"),
            pseudonym=_("Une habitante ou un habitant"),
            category=Stakeholder.Category.INHABITANT,
            status=Stakeholder.Status.MET,
            met_on=timezone.localdate(),
            met_where=_("Formulaire public"),
        )
        today = timezone.localdate()
        answers = {}
        for medium in media:
            answers[(medium, Consent.Purpose.INTERNAL)] = agree_analysis
            publish = agree_publish_photo if medium == Consent.Medium.PHOTO else agree_publish_text
            answers[(medium, Consent.Purpose.PUBLICATION)] = agree_analysis and publish
        record_consents(
            stakeholder=person,
            answers=answers,
            given_on=today,
            source=Consent.Source.ONLINE_FORM,
            note=_("Cases cochées sur la page publique de contribution"),
            by=None,
        )
        person.refresh_from_db()
        wants_public = all(answers.get((m, Consent.Purpose.PUBLICATION)) for m in media) and bool(media)
        result = capture_material(
            residency=residency,
            author=None,
            client_uuid=uuid.uuid4(),
            kind=kind,
            body=body,
            latitude=latitude,
            longitude=longitude,
            position_source=Material.PositionSource.MAP if latitude is not None else "",
            place_label=place_label,
            stakeholders=[person],
            visibility=Visibility.PUBLIC if wants_public else Visibility.TEAM,
            checked_file=checked_file,
        )
        material = result.material
        material.origin = Material.Origin.CONTRIBUTION
        material.moderation = Material.Moderation.PENDING
        material.contributor_name = contributor_name
        material.save(update_fields=["origin", "moderation", "contributor_name"])
    return material
