"""State changes of programmes that touch several rows: one typed function each, called from views,
the demo loader and tests alike."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arpenteur.accounts.models import User
from arpenteur.residencies.models import FormatTemplate, Residency, ResidencyMembership
from arpenteur.residencies.services import create_residency

from .models import Application, Call, Edition, PortfolioEntry, Programme


class ApplicationError(Exception):
    """A French message explaining why the application cannot change state."""


def deadline_message(call: Call) -> str:
    return _(
        "L’appel « %(call)s » est clos depuis le %(date)s : la candidature ne peut plus être déposée ni "
        "modifiée. Vos saisies sont conservées ci-dessous ; copiez-les si besoin et contactez l’opérateur "
        "du programme."
    ) % {"call": call.title, "date": timezone.localtime(call.closes_at).strftime("%d/%m/%Y à %H:%M")}


def check_call_open(call: Call, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if call.is_closed(now):
        raise ApplicationError(deadline_message(call))
    if now < call.opens_at:
        raise ApplicationError(
            _("L’appel « %(call)s » ouvre le %(date)s : revenez à cette date pour candidater.")
            % {"call": call.title, "date": timezone.localtime(call.opens_at).strftime("%d/%m/%Y à %H:%M")}
        )


@transaction.atomic
def submit_application(*, application: Application, by: User, now: datetime | None = None) -> Application:
    """Submit a draft before the deadline: freeze it, number it and e-mail the receipt on commit."""
    now = now or timezone.now()
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if locked.status != Application.Status.DRAFT:
        raise ApplicationError(_("Cette candidature a déjà été déposée."))
    check_call_open(locked.call, now)
    locked.status = Application.Status.SUBMITTED
    locked.submitted_at = now
    locked.submitted_by = by
    locked.receipt_number = f"{locked.call.programme.slug[:12].upper()}-{now:%Y}-{locked.pk:05d}"
    locked.version += 1
    locked.save()
    from .tasks import send_application_receipt

    transaction.on_commit(lambda: send_application_receipt.enqueue(locked.pk))
    return locked


@transaction.atomic
def reject_application(*, application: Application, by: User, note: str = "") -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status not in (Application.Status.SUBMITTED, Application.Status.SELECTED):
        raise ApplicationError(_("Seule une candidature déposée peut être écartée."))
    if locked.residency_id:
        raise ApplicationError(_("Cette candidature a déjà donné lieu à une résidence."))
    locked.status = Application.Status.REJECTED
    locked.decided_at = timezone.now()
    locked.decision_note = note
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def select_application(
    *,
    application: Application,
    by: User,
    format: FormatTemplate | None,
    start_date: date,
    end_date: date,
    budget: Decimal | None = None,
    edition: Edition | None = None,
    note: str = "",
) -> Residency:
    """Select a submitted application: it becomes a residency of the programme's portfolio.

    The residency is created the usual way (phases, sessions of the format), run by the programme's
    operator, with the application's submitter as commissioner and the application's project as its
    question; the portfolio entry carries the programme's budget and edition.
    """
    locked = (
        # PostgreSQL refuses to lock the nullable side of the outer joins: lock the application only.
        Application.objects.select_for_update(of=("self",))
        .select_related("call__programme", "commune", "submitted_by", "created_by")
        .get(pk=application.pk)
    )
    if locked.status != Application.Status.SUBMITTED:
        raise ApplicationError(_("Seule une candidature déposée, ni retenue ni écartée, peut être retenue."))
    programme: Programme = locked.call.programme
    commissioner = locked.submitted_by or locked.created_by
    residency = create_residency(
        title=f"{locked.commune.name} — {locked.project_title}"[:200],
        commune=locked.commune,
        format=format,
        start_date=start_date,
        end_date=end_date,
        question=intention_text(locked),
        created_by=commissioner,
        creator_role=ResidencyMembership.Role.COMMISSIONER,
    )
    residency.programme_operator = programme.operator
    residency.save(update_fields=["programme_operator"])
    PortfolioEntry.objects.create(
        programme=programme, residency=residency, edition=edition or locked.call.edition, budget=budget
    )
    locked.status = Application.Status.SELECTED
    locked.decided_at = timezone.now()
    locked.decision_note = note
    locked.residency = residency
    locked.version += 1
    locked.save()
    return residency


def intention_text(application: Application) -> str:
    """The residency's question, written from the application: the project and every answer."""
    parts = [application.project_title.strip()]
    if application.summary.strip():
        parts.append(application.summary.strip())
    questions = {str(q.pk): q.text for q in application.call.questions.all()}
    for key, answer in (application.answers or {}).items():
        if answer and key in questions:
            parts.append(f"{questions[key]}\n{answer.strip()}")
    return "\n\n".join(parts)
