"""Scoring against an evaluation grid — pure functions over already-loaded rows, so that the
ranking page costs a fixed number of queries whatever the number of offers and jury members.

A criterion's mark for one evaluator is their mark on it, or the weighted mean of their marks on
its sub-criteria; a criterion's points are the mean over evaluators of that mark / 20 × weight.
The price criterion is not marked by the jury: points = weight × lowest price / price.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from .models import Criterion, EvaluationGrid, SubCriterion

TWENTY = Decimal(20)

# domain.md §5.2 [proposition]: the default grid for a residency.
DEFAULT_GRID = [
    (
        "Compréhension du territoire et de la commande",
        20,
        "Lecture du contexte propre à la commune, reformulation de la question, risques et tensions repérés. "
        "Une note générique, qui pourrait s’appliquer à n’importe quel territoire, ne dépasse pas 8/20.",
        [],
    ),
    (
        "Méthode d’immersion et de participation",
        25,
        "",
        [
            ("Temps sur site et présence effective", 10, "Jours sur site par personne nommée."),
            (
                "Méthodes adaptées aux publics, y compris éloignés de la participation",
                10,
                "Balades, entretiens, ateliers : pour qui, où, quand.",
            ),
            ("Traitement du matériau et méthodes de décision", 5, ""),
        ],
    ),
    (
        "Équipe",
        20,
        "Pluridisciplinarité réelle (urbanisme, design, sociologie, art, médiation), personnes nommées et "
        "leurs jours sur site, références pertinentes.",
        [],
    ),
    (
        "Restitution, livrables, ouverture",
        10,
        "Formats (cahier, carte, film…), licence ouverte, protocole de données et de consentement, accessibilité.",
        [],
    ),
    (
        "Prix",
        25,
        "Note = 25 × (offre la moins-disante / offre évaluée) ; vérifier les offres anormalement basses.",
        [],
    ),
]


@transaction.atomic
def create_default_grid(*, title: str, residency=None) -> EvaluationGrid:
    grid = EvaluationGrid.objects.create(title=title, residency=residency)
    for position, (name, weight, guide, subs) in enumerate(DEFAULT_GRID, start=1):
        criterion = Criterion.objects.create(
            grid=grid, position=position, title=name, weight=weight, guide=guide, is_price=name == "Prix"
        )
        SubCriterion.objects.bulk_create(
            SubCriterion(criterion=criterion, position=i, title=t, weight=w, guide=g)
            for i, (t, w, g) in enumerate(subs, start=1)
        )
    return grid


@dataclass
class Ranked:
    evaluation: object
    points_by_criterion: dict[int, Decimal | None] = field(default_factory=dict)
    total: Decimal = Decimal(0)
    complete: bool = True
    rank: int = 0


def criterion_mark(criterion, subcriteria, marks_of_evaluator) -> Decimal | None:
    """One evaluator's mark /20 on a criterion, from `marks_of_evaluator` {(criterion_id, sub_id): mark}."""
    if subcriteria:
        total_weight = sum(s.weight for s in subcriteria)
        if not total_weight:
            return None
        parts = []
        for sub in subcriteria:
            mark = marks_of_evaluator.get((criterion.pk, sub.pk))
            if mark is None:
                return None
            parts.append(mark * sub.weight)
        return sum(parts, Decimal(0)) / total_weight
    return marks_of_evaluator.get((criterion.pk, None))


def rank(grid: EvaluationGrid, evaluations, criteria, marks) -> list[Ranked]:
    """Rank `evaluations`; `criteria` with prefetched `subcriteria`, `marks` every Mark of the grid."""
    by_eval: dict[int, dict[int, dict]] = defaultdict(lambda: defaultdict(dict))
    for m in marks:
        by_eval[m.evaluation_id][m.evaluator_id][(m.criterion_id, m.subcriterion_id)] = m.mark
    prices = [e.price for e in evaluations if e.price]
    lowest = min(prices) if prices else None
    results = []
    for evaluation in evaluations:
        row = Ranked(evaluation=evaluation)
        for criterion in criteria:
            if criterion.is_price:
                if grid.price_formula == EvaluationGrid.PriceFormula.NONE:
                    points = None
                elif evaluation.price and lowest:
                    points = Decimal(criterion.weight) * lowest / evaluation.price
                else:
                    points = None
                    row.complete = False
            else:
                subs = list(criterion.subcriteria.all())
                per_evaluator = [
                    criterion_mark(criterion, subs, evaluator_marks)
                    for evaluator_marks in by_eval[evaluation.pk].values()
                ]
                given = [m for m in per_evaluator if m is not None]
                if given:
                    mean = sum(given, Decimal(0)) / len(given)
                    points = mean / TWENTY * criterion.weight
                else:
                    points = None
                    row.complete = False
            row.points_by_criterion[criterion.pk] = points
            if points is not None:
                row.total += points
        results.append(row)
    results.sort(key=lambda r: (-r.total, r.evaluation.label, r.evaluation.pk))
    for position, row in enumerate(results, start=1):
        row.rank = position
    return results
