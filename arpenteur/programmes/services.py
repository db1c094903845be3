"""State changes of programmes that touch several rows: one typed function each, called from views,
the demo loader and tests alike."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arpenteur.accounts.models import User
from arpenteur.commissioning import grid as grid_math
from arpenteur.commissioning.models import Criterion, Evaluation, EvaluationGrid, Mark
from arpenteur.commissioning.services import add_evaluator, intention_for, record_marks
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
        .select_related("call__programme", "commune", "applicant", "submitted_by", "created_by")
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
    # The commissioning intention starts from the application: question, perimeter, dates, contact.
    intention = intention_for(residency)
    intention.communes.set([locked.commune])
    intention.earliest_start, intention.latest_end = start_date, end_date
    intention.perimeter_note = _("Candidature n° %(number)s de %(applicant)s à l’appel « %(call)s ».") % {
        "number": locked.receipt_number or locked.pk,
        "applicant": locked.applicant.name,
        "call": locked.call.title,
    }
    if locked.contact_name or locked.contact_email:
        intention.people_to_involve = _("Contact de la candidature : %(contact)s") % {
            "contact": " — ".join(p for p in (locked.contact_name, locked.contact_email) if p)
        }
    intention.save()
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


# --- Scoring, through the commissioning grid machinery ---------------------------------------------


@transaction.atomic
def sync_call_grid(call: Call) -> EvaluationGrid:
    """The call's evaluation grid, created on first use and kept equal to the call's weighted
    criteria (same titles, weights and order; no price criterion). A criterion removed from the
    call loses its grid criterion and the marks given on it."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    grid = locked.grid
    if grid is None:
        grid = EvaluationGrid.objects.create(
            title=(_("Sélection — %(call)s") % {"call": locked.title})[:200],
            description=_("Grille de notation des candidatures à l’appel « %(call)s ».")
            % {"call": locked.title},
            price_formula=EvaluationGrid.PriceFormula.NONE,
        )
        # Not a user edit: leave the call's version alone so that an open edit form still saves.
        Call.objects.filter(pk=locked.pk).update(grid=grid)
    kept = []
    for criterion in locked.criteria.select_related("grid_criterion"):
        mirror = criterion.grid_criterion
        if mirror is None or mirror.grid_id != grid.pk:
            mirror = Criterion.objects.create(
                grid=grid, position=criterion.position, title=criterion.label, weight=criterion.weight
            )
            criterion.grid_criterion = mirror
            criterion.save(update_fields=["grid_criterion"])
        elif (mirror.position, mirror.title, mirror.weight) != (
            criterion.position,
            criterion.label,
            criterion.weight,
        ):
            mirror.position, mirror.title, mirror.weight = (
                criterion.position,
                criterion.label,
                criterion.weight,
            )
            mirror.guide = criterion.description
            mirror.save(update_fields=["position", "title", "weight", "guide"])
        kept.append(mirror.pk)
    grid.criteria.exclude(pk__in=kept).delete()
    call.grid = grid
    return grid


@transaction.atomic
def evaluation_for(application: Application) -> Evaluation:
    """The application's evaluation in its call's grid, opened on first use."""
    grid = sync_call_grid(application.call)
    if application.evaluation_id and application.evaluation.grid_id == grid.pk:
        return application.evaluation
    evaluation, _created = Evaluation.objects.get_or_create(
        grid=grid,
        content_type=ContentType.objects.get_for_model(Application),
        object_id=application.pk,
        defaults={"label": f"{application.applicant.name} — {application.project_title}"[:200]},
    )
    Application.objects.filter(pk=application.pk).update(evaluation=evaluation)
    application.evaluation = evaluation
    return evaluation


@transaction.atomic
def score_application(*, application: Application, by: User, marks: dict) -> Evaluation:
    """Record one evaluator's marks /20 on a submitted application. `marks` maps a grid criterion
    id to (mark | None, comment). Every operator who scores becomes an evaluator of the grid, so
    that the ranking averages several evaluators, as for the selection of a team."""
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "applicant")
        .get(pk=application.pk)
    )
    if locked.status != Application.Status.SUBMITTED:
        raise ApplicationError(_("Seule une candidature déposée, pas encore tranchée, peut être notée."))
    problem = locked.call.criteria_problem()
    if problem:
        raise ApplicationError(problem)
    evaluation = evaluation_for(locked)
    evaluator = add_evaluator(grid=evaluation.grid, user=by)
    known = set(evaluation.grid.criteria.values_list("pk", flat=True))
    record_marks(
        evaluator=evaluator,
        evaluation=evaluation,
        marks={(criterion_id, None): value for criterion_id, value in marks.items() if criterion_id in known},
    )
    return evaluation


def rank_applications(applications) -> None:
    """Annotate each application with `weighted_score` (/100, None before any mark), `rank` within
    its call (among the scored ones), `evaluator_count` and `points` {grid criterion id: points}.

    A fixed number of queries whatever the number of calls, applications and evaluators: the
    grids' criteria, evaluations and marks are read once, then ranked by commissioning.grid."""
    applications = list(applications)
    for application in applications:
        application.weighted_score = application.rank = None
        application.evaluator_count = 0
        application.points = {}
    evaluation_ids = [a.evaluation_id for a in applications if a.evaluation_id]
    if not evaluation_ids:
        return
    evaluations = list(Evaluation.objects.filter(pk__in=evaluation_ids).select_related("grid"))
    grid_ids = {e.grid_id for e in evaluations}
    criteria_by_grid: dict[int, list] = {}
    for criterion in Criterion.objects.filter(grid_id__in=grid_ids).prefetch_related("subcriteria"):
        criteria_by_grid.setdefault(criterion.grid_id, []).append(criterion)
    marks_by_grid: dict[int, list] = {}
    for mark in Mark.objects.filter(evaluation_id__in=evaluation_ids).select_related("evaluation"):
        marks_by_grid.setdefault(mark.evaluation.grid_id, []).append(mark)
    by_evaluation = {a.evaluation_id: a for a in applications if a.evaluation_id}
    for grid_id in grid_ids:
        grid_evaluations = [e for e in evaluations if e.grid_id == grid_id]
        marks = marks_by_grid.get(grid_id, [])
        evaluators: dict[int, set] = {}
        for mark in marks:
            evaluators.setdefault(mark.evaluation_id, set()).add(mark.evaluator_id)
        scored = [e for e in grid_evaluations if e.pk in evaluators]
        grid = scored[0].grid if scored else None
        if grid is None:
            continue
        for row in grid_math.rank(grid, scored, criteria_by_grid.get(grid_id, []), marks):
            application = by_evaluation[row.evaluation.pk]
            application.weighted_score = row.total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            application.rank = row.rank
            application.evaluator_count = len(evaluators[row.evaluation.pk])
            application.points = row.points_by_criterion
