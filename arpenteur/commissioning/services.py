"""State changes of the commission that touch several rows: one typed function each, called from
views, the demo loader and tasks alike."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from arpenteur.accounts.models import Organisation
from arpenteur.residencies.models import FormatTemplate, Party, Residency, Session
from arpenteur.residencies.services import _sessions_from_format

from .budget import lines_from_example
from .grid import create_default_grid
from .models import (
    Budget,
    BudgetExample,
    BudgetLine,
    DocumentTemplate,
    Evaluation,
    EvaluationGrid,
    Evaluator,
    GeneratedDocument,
    Intention,
    LineCategory,
    Mark,
    Offer,
    SessionStaffing,
    Team,
    WelcomeTask,
)


class CommissionError(Exception):
    """A French message for the user."""


def intention_for(residency: Residency) -> Intention:
    intention, _created = Intention.objects.get_or_create(
        residency=residency, defaults={"question": residency.question}
    )
    return intention


def budget_for(residency: Residency) -> Budget:
    budget, _created = Budget.objects.get_or_create(residency=residency)
    return budget


def grid_for(residency: Residency) -> EvaluationGrid:
    grid = residency.evaluation_grids.order_by("created_at", "pk").first()
    return grid or create_default_grid(
        title=_("Grille de jugement — %(title)s") % {"title": residency.title}, residency=residency
    )


@transaction.atomic
def save_intention_step(*, form, step: int, last_step: int, user) -> Intention:
    """Save one step of the guided intention; the draft remembers how far it went."""
    intention = form.instance
    intention.updated_by = user
    intention.step_reached = max(intention.step_reached, step)
    if step == last_step:
        intention.is_complete = bool(intention.question.strip())
    if not form.save_if_unchanged():
        raise CommissionError("conflit")
    if intention.question and intention.residency.question != intention.question:
        Residency.objects.filter(pk=intention.residency_id).update(question=intention.question)
    return intention


@transaction.atomic
def choose_format(*, residency: Residency, format: FormatTemplate, replace_sessions: bool) -> None:
    residency.format = format
    residency.format_name = format.name
    residency.save(update_fields=["format", "format_name", "updated_at"])
    if replace_sessions:
        residency.sessions.all().delete()
        Session.objects.bulk_create(_sessions_from_format(residency, format))
        staffing = max(format.team_size_min, min(3, format.team_size_max))
        SessionStaffing.objects.bulk_create(
            SessionStaffing(session=s, people=staffing) for s in residency.sessions.all()
        )


@transaction.atomic
def apply_budget_example(*, budget: Budget, example: BudgetExample) -> None:
    """Start the budget from a budgeted example: its lines replace the current ones."""
    budget.lines.all().delete()
    lines = lines_from_example(example)
    for line in lines:
        line.budget = budget
    BudgetLine.objects.bulk_create(lines)
    if not budget.vat_regime:
        budget.vat_regime = example.vat_regime
        budget.save(update_fields=["vat_regime", "updated_at"])


@transaction.atomic
def immersion_lines_from_sessions(*, budget: Budget, day_rate: Decimal) -> int:
    """Immersion = Σ sessions × people on site × days × day rate: one line per session, replacing
    the immersion lines. Returns the number of lines written."""
    sessions = list(budget.residency.sessions.select_related("staffing").order_by("start_date", "pk"))
    budget.lines.filter(category=LineCategory.IMMERSION).delete()
    start = (budget.lines.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    lines = []
    for offset, session in enumerate(sessions):
        staffing = getattr(session, "staffing", None)
        lines.append(
            BudgetLine(
                budget=budget,
                position=start + offset,
                category=LineCategory.IMMERSION,
                label=_("Immersion — %(title)s") % {"title": session.title},
                mode=BudgetLine.Mode.DAYS,
                people=staffing.people if staffing else 3,
                days=Decimal(session.days),
                day_rate=day_rate,
            )
        )
    BudgetLine.objects.bulk_create(lines)
    return len(lines)


@transaction.atomic
def record_offer(*, residency: Residency, offer: Offer) -> Offer:
    """Save a received offer and open its evaluation in the residency's grid."""
    offer.residency = residency
    offer.save()
    grid = grid_for(residency)
    evaluation = Evaluation.objects.create(
        grid=grid,
        content_type=ContentType.objects.get_for_model(Offer),
        object_id=offer.pk,
        label=offer.team.name,
        price=offer.price_ht,
    )
    offer.evaluation = evaluation
    offer.save(update_fields=["evaluation"])
    return offer


@transaction.atomic
def update_offer(*, form) -> bool:
    """Save an edited offer (optimistic locking) and keep its evaluation's label and price in step,
    since the ranking reads them. Returns False on a concurrent edit (the form carries the message)."""
    if not form.save_if_unchanged():
        return False
    offer = form.instance
    if offer.evaluation_id:
        Evaluation.objects.filter(pk=offer.evaluation_id).update(label=offer.team.name, price=offer.price_ht)
    return True


@transaction.atomic
def delete_offer(*, offer: Offer) -> None:
    """Delete an offer recorded by mistake, with its empty evaluation. An awarded offer or one the
    jury has already marked is part of the procurement record: it is refused, nothing is deleted."""
    if offer.status == Offer.Status.AWARDED:
        raise CommissionError(
            _("Cette offre a été retenue comme attributaire : elle ne peut pas être supprimée.")
        )
    if offer.evaluation_id and Mark.objects.filter(evaluation_id=offer.evaluation_id).exists():
        raise CommissionError(
            _("Le jury a déjà noté cette offre : elle ne peut plus être supprimée, seulement corrigée.")
        )
    evaluation_id = offer.evaluation_id
    offer.delete()
    if evaluation_id:
        Evaluation.objects.filter(pk=evaluation_id).delete()


@transaction.atomic
def add_evaluator(*, grid: EvaluationGrid, user, role_note: str = "") -> Evaluator:
    evaluator, _created = Evaluator.objects.get_or_create(
        grid=grid, user=user, defaults={"role_note": role_note}
    )
    return evaluator


@transaction.atomic
def record_marks(*, evaluator: Evaluator, evaluation: Evaluation, marks: dict) -> None:
    """`marks` maps (criterion_id, subcriterion_id | None) to (mark | None, comment). A None mark
    removes a previous one."""
    if evaluator.grid_id != evaluation.grid_id:
        raise CommissionError(_("Ce membre du jury n’appartient pas à cette grille."))
    for (criterion_id, sub_id), (mark, comment) in marks.items():
        lookup = {
            "evaluation": evaluation,
            "evaluator": evaluator,
            "criterion_id": criterion_id,
            "subcriterion_id": sub_id,
        }
        if mark is None:
            Mark.objects.filter(**lookup).delete()
        else:
            Mark.objects.update_or_create(**lookup, defaults={"mark": mark, "comment": comment})


@transaction.atomic
def award_offer(*, offer: Offer) -> Party:
    """The chosen team becomes the residency's lead contractor (mandataire); other offers are not
    retained. The team gets an organisation on the platform if it had none."""
    residency = offer.residency
    if residency.offers.filter(status=Offer.Status.AWARDED).exclude(pk=offer.pk).exists():
        raise CommissionError(_("Une autre offre est déjà attributaire de cette résidence."))
    team: Team = offer.team
    if team.organisation_id is None:
        organisation = Organisation.objects.filter(name=team.name).first() or Organisation.objects.create(
            name=team.name, kind=Organisation.Kind.TEAM
        )
        team.organisation = organisation
        team.save(update_fields=["organisation"])
    residency.offers.exclude(pk=offer.pk).update(status=Offer.Status.REJECTED)
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.AWARDED)
    offer.status = Offer.Status.AWARDED
    party, _created = Party.objects.get_or_create(
        residency=residency,
        organisation=team.organisation,
        role=Party.Role.LEAD_CONTRACTOR,
        defaults={"contact": team.contact_name, "note": _("Attributaire de la consultation")},
    )
    return party


@transaction.atomic
def request_document(*, residency: Residency, kind: str, user) -> GeneratedDocument:
    """Queue the writing of one procurement document (DOCX, ODT, PDF) from the residency's data."""
    template = DocumentTemplate.objects.filter(kind=kind).first()
    if template is None:
        raise CommissionError(
            _("Aucun modèle n’est défini pour cette pièce : demandez-le à l’administration.")
        )
    document = GeneratedDocument.objects.create(
        residency=residency,
        kind=kind,
        title=f"{template.title} — {residency.title}",
        created_by=user if user.is_authenticated else None,
        step=_("En attente de traitement"),
    )
    from .tasks import generate_document

    transaction.on_commit(lambda: generate_document.enqueue(document.pk))
    return document


@transaction.atomic
def save_grid(*, form, formset) -> EvaluationGrid:
    """Save the grid and its criteria together; the whole grid must still weigh 100 (sub-criteria
    included) or nothing is saved."""
    if not form.save_if_unchanged():
        raise CommissionError(_("La grille a été modifiée par quelqu’un d’autre."))
    formset.instance = form.instance
    formset.save()
    form.instance.check_weights()  # ValidationError rolls the transaction back
    return form.instance


@transaction.atomic
def set_shortlist(*, grid: EvaluationGrid, evaluation_ids: list[int], notes: dict[int, str]) -> None:
    """Which offers go on to the audition stage, and what the audition showed."""
    evaluations = list(grid.evaluations.all())
    for evaluation in evaluations:
        evaluation.shortlisted = evaluation.pk in evaluation_ids
        evaluation.audition_note = notes.get(evaluation.pk, evaluation.audition_note)
    Evaluation.objects.bulk_update(evaluations, ["shortlisted", "audition_note"])


def toggle_welcome_task(*, task: WelcomeTask) -> WelcomeTask:
    WelcomeTask.objects.filter(pk=task.pk).update(done=not task.done)
    task.done = not task.done
    return task
