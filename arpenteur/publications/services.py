"""State changes of the publications app: one typed function each, called from views, commands,
tasks and the demo alike."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from arpenteur.residencies.models import Residency, ResidencyMembership

from .models import CahierItem, CahierSection, Deliverable, Licence, Publication


class PublicationError(Exception):
    """A publication decision that is not allowed; the message is French and meant for the user."""


def get_publication(residency: Residency) -> Publication:
    publication, _created = Publication.objects.get_or_create(residency=residency)
    return publication


def choose_licence(*, residency: Residency, licence: str) -> Publication:
    """The licence is chosen at the start; once published it is frozen, because people reused
    the cahier and the data under the licence they were given."""
    if licence not in Licence.values:
        raise PublicationError(_("Cette licence n’est pas proposée."))
    with transaction.atomic():
        publication = get_publication(residency)
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.is_published and publication.licence != licence:
            raise PublicationError(
                _("La résidence est publiée : sa licence ne peut plus changer. Dépubliez-la d’abord.")
            )
        publication.licence = licence
        publication.version = F("version") + 1
        publication.save(update_fields=["licence", "version"])
        publication.refresh_from_db()
    return publication


def set_publication_opt_in(*, residency: Residency, user, opt_in: bool) -> Publication:
    """Record the commissioner's or the coordinator's decision to publish (or to withdraw).

    The residency becomes public only when both have opted in; either one withdrawing makes it
    private again at once. Only a member with one of these two roles decides for that role —
    platform staff cannot decide for them.
    """
    role = residency.role_of(user)
    if role not in (ResidencyMembership.Role.COMMISSIONER, ResidencyMembership.Role.COORDINATOR):
        raise PublicationError(
            _("Seuls le commanditaire et la coordination décident ensemble de publier la résidence.")
        )
    prefix = "commissioner" if role == ResidencyMembership.Role.COMMISSIONER else "coordinator"
    now = timezone.now()
    with transaction.atomic():
        get_publication(residency)
        publication = Publication.objects.select_for_update().get(residency=residency)
        setattr(publication, f"{prefix}_opt_in_by", user if opt_in else None)
        setattr(publication, f"{prefix}_opt_in_at", now if opt_in else None)
        both = bool(publication.commissioner_opt_in_at and publication.coordinator_opt_in_at)
        if both and not publication.published_at:
            publication.published_at = now
        elif not both:
            publication.published_at = None
        publication.version += 1
        publication.save()
        Residency.objects.filter(pk=residency.pk).update(is_public=both)
        residency.is_public = both
    return publication


def ensure_cahier_sections(residency: Residency) -> list[CahierSection]:
    """The ten sections of the cahier, in the Hauts-de-France order, created on first use."""
    existing = {s.key: s for s in residency.cahier_sections.all()}
    missing = [
        CahierSection(residency=residency, key=key, position=(index + 1) * 10)
        for index, key in enumerate(CahierSection.Key.values)
        if key not in existing
    ]
    if missing:
        CahierSection.objects.bulk_create(missing, ignore_conflicts=True)
    return list(residency.cahier_sections.order_by("position", "pk"))


def choose_items(*, residency: Residency, kind: str, chosen: list[tuple[int, int, str]]) -> list[CahierItem]:
    """Replace the team's choice of quotes (or photos): `chosen` is (material_id, position, caption).

    Which ids are allowed is decided by the caller from the publishable queryset; this function
    only records the choice and its order.
    """
    with transaction.atomic():
        CahierItem.objects.filter(residency=residency, kind=kind).delete()
        CahierItem.objects.filter(residency=residency, material_id__in=[c[0] for c in chosen]).delete()
        items = CahierItem.objects.bulk_create(
            [
                CahierItem(
                    residency=residency, kind=kind, material_id=mid, position=pos, caption=caption[:500]
                )
                for mid, pos, caption in chosen
            ]
        )
    return items


def request_deliverable(
    *, residency: Residency, kind: str, fmt: str = "pdf", paper: str = "A4", user=None, enqueue: bool = True
) -> Deliverable:
    """Create the next version of a deliverable and queue its build; the previous version stays."""
    if kind == Deliverable.Kind.CAHIER and paper != Deliverable.Paper.A4:
        raise PublicationError(_("Le cahier de synthèse est mis en page en A4."))
    if kind == Deliverable.Kind.POSTERS and (fmt != Deliverable.Format.PDF or paper == Deliverable.Paper.A4):
        raise PublicationError(_("Les affiches sont produites en PDF, au format A1 ou A0."))
    publication = get_publication(residency)
    with transaction.atomic():
        last = (
            Deliverable.objects.select_for_update()
            .filter(residency=residency, kind=kind, fmt=fmt, paper=paper)
            .aggregate(last=Max("version"))["last"]
        )
        deliverable = Deliverable.objects.create(
            residency=residency,
            kind=kind,
            fmt=fmt,
            paper=paper,
            version=(last or 0) + 1,
            licence=publication.licence,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            step=_("En attente du travailleur de fond"),
        )
    if enqueue:
        from .tasks import build_deliverable_task

        transaction.on_commit(lambda: build_deliverable_task.enqueue(deliverable.pk))
    return deliverable


def latest_ready(residency: Residency, kind: str, fmt: str = "pdf", paper: str = "A4") -> Deliverable | None:
    return (
        Deliverable.objects.filter(
            residency=residency, kind=kind, fmt=fmt, paper=paper, status=Deliverable.Status.READY
        )
        .exclude(file="")
        .order_by("-version")
        .first()
    )
