"""State changes of residencies that touch several rows: one typed function each, called from
views, the demo loader, imports and tasks alike."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from arpenteur.accounts.models import User
from arpenteur.territories.models import Commune

from .models import PHASE_ORDER, FormatTemplate, Phase, PhaseKind, Residency, ResidencyMembership, Session


@transaction.atomic
def create_residency(
    *,
    title: str,
    commune: Commune,
    start_date: date,
    end_date: date,
    created_by: User | None,
    creator_role: str = ResidencyMembership.Role.COORDINATOR,
    format: FormatTemplate | None = None,
    question: str = "",
    is_demo: bool = False,
) -> Residency:
    """Create the residency, its eight phases and, from the format, its sessions (scaled to the span)."""
    residency = Residency(
        title=title,
        commune=commune,
        format=format,
        format_name=format.name if format else "",
        question=question,
        start_date=start_date,
        end_date=end_date,
        created_by=created_by,
        is_demo=is_demo,
    )
    residency.full_clean()
    residency.save()
    sessions = _sessions_from_format(residency, format) if format else []
    Session.objects.bulk_create(sessions)
    Phase.objects.bulk_create(_initial_phases(residency, sessions))
    if created_by is not None:
        ResidencyMembership.objects.create(residency=residency, user=created_by, role=creator_role)
    return residency


def _sessions_from_format(residency: Residency, format: FormatTemplate) -> list[Session]:
    span = residency.span_days
    scale = span / max(format.typical_span_days, 1)
    sessions = []
    for position, spec in enumerate(format.sessions, start=1):
        duration = max(int(spec.get("duration_days", 1)), 1)
        offset = round(int(spec.get("offset_days", 0)) * scale)
        offset = max(0, min(offset, span - duration))
        start = residency.start_date + timedelta(days=offset)
        end = min(start + timedelta(days=duration - 1), residency.end_date)
        sessions.append(
            Session(
                residency=residency,
                title=spec.get("title") or _("Temps sur site %(n)s") % {"n": position},
                phase=spec.get("phase", PhaseKind.ARPENTER),
                position=position,
                start_date=start,
                end_date=end,
                description=spec.get("description", ""),
            )
        )
    return sessions


def _initial_phases(residency: Residency, sessions: list[Session]) -> list[Phase]:
    dates: dict[str, tuple[date | None, date | None]] = {kind: (None, None) for kind in PHASE_ORDER}
    for session in sessions:
        first, last = dates[session.phase]
        dates[session.phase] = (
            min(filter(None, [first, session.start_date])),
            max(filter(None, [last, session.end_date])),
        )
    on_site = [
        s for s in sessions if s.phase in (PhaseKind.ARPENTER, PhaseKind.REVELER, PhaseKind.PREFIGURER)
    ]
    if on_site:
        first_day = min(s.start_date for s in on_site)
        if first_day > residency.start_date:
            dates[PhaseKind.PREPARER] = (residency.start_date, first_day - timedelta(days=1))
    if dates[PhaseKind.RESTITUER] == (None, None) and on_site:
        last_day = max(s.end_date for s in on_site)
        if last_day < residency.end_date:
            dates[PhaseKind.RESTITUER] = (last_day + timedelta(days=1), residency.end_date)
    return [
        Phase(
            residency=residency,
            kind=kind,
            order_index=index,
            status=Phase.Status.CURRENT if kind == residency.current_phase else Phase.Status.UPCOMING,
            start_date=dates[kind][0],
            end_date=dates[kind][1],
        )
        for index, kind in enumerate(PHASE_ORDER)
    ]


@transaction.atomic
def set_current_phase(*, residency: Residency, phase: str) -> None:
    """Move the residency to a phase: earlier phases become done (unless marked « sans objet »)."""
    if phase not in PHASE_ORDER:
        raise ValidationError(_("Phase inconnue."))
    index = PHASE_ORDER.index(phase)
    for row in residency.phases.select_for_update():
        position = PHASE_ORDER.index(row.kind)
        if row.status == Phase.Status.SKIPPED and position != index:
            continue
        new = (
            Phase.Status.DONE
            if position < index
            else Phase.Status.CURRENT
            if position == index
            else Phase.Status.UPCOMING
        )
        if row.status != new:
            row.status = new
            row.save(update_fields=["status"])
    Residency.objects.filter(pk=residency.pk).update(current_phase=phase)
    residency.current_phase = phase


class MembershipError(Exception):
    """A French message explaining why the member cannot be added or removed."""


@transaction.atomic
def add_member(
    *, residency: Residency, email: str, role: str, discipline: str = "", organisation=None
) -> ResidencyMembership:
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise MembershipError(
            _(
                "Aucun compte n’existe pour %(email)s. Invitez d’abord cette personne dans son organisation ; "
                "elle pourra être ajoutée dès qu’elle aura accepté."
            )
            % {"email": email}
        )
    if residency.memberships.filter(user=user).exists():
        raise MembershipError(_("%(name)s est déjà membre de cette résidence.") % {"name": user.display_name})
    return ResidencyMembership.objects.create(
        residency=residency, user=user, role=role, discipline=discipline, organisation=organisation
    )


@transaction.atomic
def remove_member(*, membership: ResidencyMembership) -> None:
    residency = membership.residency
    admins = residency.memberships.select_for_update().filter(role__in=ResidencyMembership.ADMIN_ROLES)
    if membership.role in ResidencyMembership.ADMIN_ROLES and admins.count() <= 1:
        raise MembershipError(
            _(
                "C’est la dernière personne qui administre cette résidence : nommez d’abord un autre commanditaire ou coordinateur."
            )
        )
    membership.delete()


@transaction.atomic
def change_member_role(*, membership: ResidencyMembership, role: str) -> None:
    residency = membership.residency
    if membership.role in ResidencyMembership.ADMIN_ROLES and role not in ResidencyMembership.ADMIN_ROLES:
        admins = residency.memberships.select_for_update().filter(role__in=ResidencyMembership.ADMIN_ROLES)
        if admins.count() <= 1:
            raise MembershipError(_("Il doit rester au moins un commanditaire ou un coordinateur."))
    membership.role = role
    membership.save(update_fields=["role"])
