from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from arpenteur.commissioning.grid import create_default_grid, rank
from arpenteur.commissioning.models import Criterion, Evaluation, Evaluator, Mark
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_default_grid_is_balanced():
    grid = create_default_grid(title="Grille")
    assert grid.weights_total() == 100
    grid.check_weights()
    assert grid.is_balanced


def test_unbalanced_grid_is_refused_in_french():
    grid = create_default_grid(title="Grille")
    Criterion.objects.filter(grid=grid, is_price=True).update(weight=30)
    with pytest.raises(ValidationError, match="totalisent 105 au lieu de 100"):
        grid.check_weights()
    assert not grid.is_balanced


def test_subcriteria_must_add_up_to_their_criterion():
    grid = create_default_grid(title="Grille")
    method = grid.criteria.get(position=2)
    sub = method.subcriteria.first()
    sub.weight += 1
    sub.save()
    with pytest.raises(ValidationError, match="sous-critères"):
        grid.check_weights()


def _mark_all(grid, evaluation, evaluator, value):
    for criterion in grid.criteria.prefetch_related("subcriteria"):
        if criterion.is_price:
            continue
        subs = list(criterion.subcriteria.all())
        for sub in subs or [None]:
            Mark.objects.create(
                evaluation=evaluation, evaluator=evaluator, criterion=criterion, subcriterion=sub, mark=value
            )


def test_ranking_averages_evaluators_and_scores_price_proportionally():
    grid = create_default_grid(title="Grille")
    cheap = Evaluation.objects.create(grid=grid, label="Collectif A", price=Decimal("40000"))
    dear = Evaluation.objects.create(grid=grid, label="Agence B", price=Decimal("50000"))
    jurors = [Evaluator.objects.create(grid=grid, user=UserFactory()) for _ in range(2)]
    _mark_all(grid, cheap, jurors[0], Decimal("10"))
    _mark_all(grid, cheap, jurors[1], Decimal("14"))
    _mark_all(grid, dear, jurors[0], Decimal("20"))
    _mark_all(grid, dear, jurors[1], Decimal("20"))
    criteria = list(grid.criteria.prefetch_related("subcriteria"))
    ranking = rank(
        grid, list(grid.evaluations.all()), criteria, list(Mark.objects.filter(evaluation__grid=grid))
    )
    assert [r.evaluation.label for r in ranking] == ["Agence B", "Collectif A"]
    # Collectif A: mean 12/20 on 75 points = 45, price 25 → 70.
    assert ranking[1].total == Decimal("70")
    # Agence B: 75 + 25 × 40/50 = 95.
    assert ranking[0].total == Decimal("95")
    assert all(r.complete for r in ranking)


def test_missing_marks_make_the_ranking_incomplete():
    grid = create_default_grid(title="Grille")
    Evaluation.objects.create(grid=grid, label="Seule", price=Decimal("30000"))
    criteria = list(grid.criteria.prefetch_related("subcriteria"))
    (row,) = rank(grid, list(grid.evaluations.all()), criteria, [])
    assert not row.complete
    assert row.total == Decimal("25")
