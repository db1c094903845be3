"""State changes of the roadmap. Each function is the one way to make its change, inside one
transaction, so that the invariants of `models` (an action cites at least one enjeu of its own
residency, numbers are unique per residency) never half-apply."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, RestrictedError
from django.utils.translation import gettext as _

from arpenteur.residencies.models import Residency

from .models import Action, Axis, ExportJob, Vision


def get_or_create_vision(residency: Residency) -> Vision:
    vision, _created = Vision.objects.get_or_create(residency=residency)
    return vision


def save_axis(*, axis: Axis) -> Axis:
    """Create or update an axis; a new one goes after the existing ones."""
    if axis.pk is None and not axis.position:
        axis.position = (
            Axis.objects.filter(residency=axis.residency).aggregate(m=Max("position"))["m"] or 0
        ) + 1
    axis.full_clean()
    axis.save()
    return axis


def delete_axis(*, axis: Axis) -> None:
    """An axis that still groups actions stays: its actions must move first (nothing is lost)."""
    message = _("Cet axe regroupe encore des actions : rattachez-les à un autre axe avant de le supprimer.")
    if axis.actions.exists():
        raise ValidationError(message)
    try:
        with transaction.atomic():
            axis.delete()
    except RestrictedError as error:  # an action was attached in between
        raise ValidationError(message) from error


@transaction.atomic
def save_action(*, action: Action, user, enjeux: Iterable) -> Action:
    """Create or update a fiche action citing `enjeux` (at least one, of the same residency).

    Any violation raises ValidationError inside the transaction: nothing is half-saved."""
    enjeux = list(enjeux)
    if not enjeux:
        raise ValidationError(_("Une action doit répondre à au moins un enjeu du diagnostic."))
    if any(e.residency_id != action.residency_id for e in enjeux):
        raise ValidationError(_("Un enjeu choisi appartient à une autre résidence."))
    if action.pk is None:
        # Lock the residency row so that two actions created at once do not get the same number.
        Residency.objects.select_for_update().filter(pk=action.residency_id).first()
        action.created_by = action.created_by or user
        action.number = (
            Action.objects.filter(residency_id=action.residency_id).aggregate(m=Max("number"))["m"] or 0
        ) + 1
    action.full_clean()
    action.save()
    action.enjeux.set(enjeux)
    action.check_enjeux()
    return action


def delete_action(*, action: Action) -> None:
    action.delete()


def request_export(*, residency: Residency, kind: str, user) -> ExportJob:
    """Queue an XLSX or PDF export. Its content follows what the requester may read: editors get the
    whole roadmap, other members only the actions and evidence shared with them."""
    from .tasks import build_export

    audience = (
        ExportJob.ForAudience.TEAM if residency.can_be_edited_by(user) else ExportJob.ForAudience.MEMBERS
    )
    job = ExportJob.objects.create(residency=residency, kind=kind, audience=audience, requested_by=user)
    build_export.enqueue(job.pk)
    return job
