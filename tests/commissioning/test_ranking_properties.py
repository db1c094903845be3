"""The ranking proved over random offers and marks (hypothesis): pure arithmetic over unsaved rows."""

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from arpenteur.commissioning.grid import rank

PRICE = SimpleNamespace(pk=1, weight=30, is_price=True, subcriteria=SimpleNamespace(all=list))
QUALITY = SimpleNamespace(pk=2, weight=70, is_price=False, subcriteria=SimpleNamespace(all=list))
GRID = SimpleNamespace(price_formula="proportionnelle")

prices = st.decimals(min_value=1000, max_value=200000, places=2, allow_nan=False, allow_infinity=False)
marks = st.decimals(min_value=0, max_value=20, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(prices, st.lists(marks, min_size=1, max_size=7)), min_size=1, max_size=12))
def test_ranking_is_out_of_100_the_lowest_offer_takes_the_price_weight_and_order_follows_totals(offers):
    evaluations = [
        SimpleNamespace(pk=i + 1, label=f"Équipe {i}", price=p) for i, (p, _m) in enumerate(offers)
    ]
    rows = [
        SimpleNamespace(evaluation_id=e.pk, evaluator_id=j, criterion_id=2, subcriterion_id=None, mark=m)
        for e, (_p, given_marks) in zip(evaluations, offers, strict=True)
        for j, m in enumerate(given_marks)
    ]
    ranking = rank(GRID, evaluations, [PRICE, QUALITY], rows)
    lowest = min(p for p, _m in offers)
    for row in ranking:
        assert Decimal(0) <= row.total <= Decimal(100)
        assert row.complete
        price_points = row.points_by_criterion[1]
        assert price_points <= 30
        if row.evaluation.price == lowest:
            assert price_points == 30
        mean = sum(offers[row.evaluation.pk - 1][1]) / len(offers[row.evaluation.pk - 1][1])
        assert row.points_by_criterion[2] == mean / 20 * 70
    assert [r.rank for r in ranking] == list(range(1, len(offers) + 1))
    assert all(a.total >= b.total for a, b in zip(ranking, ranking[1:], strict=False))
