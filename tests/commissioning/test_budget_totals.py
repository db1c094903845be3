"""Budget arithmetic proved over random budgets (hypothesis), plus the dated reference data."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arpenteur.commissioning.budget import (
    compute_totals,
    current_references,
    position_in_range,
    procurement_route,
    scenarios,
)
from arpenteur.commissioning.models import (
    BudgetLine,
    FundingLine,
    LineCategory,
    ProcurementThreshold,
    VatRegime,
)
from arpenteur.commissioning.money import format_eur, to_cents

money = st.decimals(min_value=0, max_value=200000, places=2, allow_nan=False, allow_infinity=False)
days = st.decimals(min_value=0, max_value=60, places=1, allow_nan=False, allow_infinity=False)


@st.composite
def lines(draw):
    mode = draw(st.sampled_from(BudgetLine.Mode.values))
    return BudgetLine(
        category=draw(st.sampled_from(LineCategory.values)),
        label="x",
        mode=mode,
        amount_ht=draw(money),
        people=draw(st.integers(min_value=1, max_value=8)),
        days=draw(days),
        day_rate=draw(money),
        in_kind=draw(st.booleans()),
    )


@st.composite
def budgets(draw):
    return SimpleNamespace(
        vat_regime=draw(st.sampled_from(VatRegime.values)),
        effective_vat_rate=Decimal(0),
        sharing_count=draw(st.integers(min_value=1, max_value=12)),
        beneficiaries=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=200000))),
    )


@settings(max_examples=150, deadline=None)
@given(
    budget=budgets(),
    rows=st.lists(lines(), max_size=15),
    rate=st.sampled_from([Decimal("20"), Decimal("10")]),
)
def test_totals_add_up_over_random_budgets(budget, rows, rate):
    if budget.vat_regime == VatRegime.STANDARD:
        budget.effective_vat_rate = rate
    totals = compute_totals(budget, rows)
    paid = [to_cents(r.total_ht) for r in rows if not r.in_kind]
    kind = [to_cents(r.total_ht) for r in rows if r.in_kind]
    assert totals.paid_ht == sum(paid, Decimal(0))
    assert totals.in_kind == sum(kind, Decimal(0))
    assert totals.paid_ttc == totals.paid_ht + totals.vat
    assert totals.vat == to_cents(totals.paid_ht * budget.effective_vat_rate / 100)
    assert totals.vat.as_tuple().exponent == -2
    assert totals.full_value == totals.paid_ttc + totals.in_kind
    assert sum((c.paid_ht for c in totals.categories), Decimal(0)) == totals.paid_ht
    if budget.vat_regime == VatRegime.FRANCHISE:
        assert totals.paid_ttc == totals.paid_ht
    # Sharing a diagnosis never makes one project's share exceed the whole.
    assert totals.cost_per_project <= totals.paid_ttc


@settings(max_examples=80, deadline=None)
@given(amounts=st.lists(st.decimals(min_value="0.01", max_value=50000, places=2), max_size=8))
def test_funding_gap_is_what_remains_to_find(amounts):
    budget = SimpleNamespace(effective_vat_rate=Decimal(20), sharing_count=1, beneficiaries=None)
    rows = [BudgetLine(category="immersion", label="x", mode="forfait", amount_ht=Decimal("45000"))]
    funding = [
        FundingLine(funder_kind="commune", funder_name="C", amount=a, status="demande") for a in amounts
    ]
    totals = compute_totals(budget, rows, funding)
    assert totals.funding_total == sum(amounts, Decimal(0))
    assert totals.funding_gap == Decimal("54000.00") - totals.funding_total


def test_fixed_fee_shows_its_effective_day_rate():
    line = BudgetLine(
        category="immersion", label="x", mode="forfait", amount_ht=Decimal("15000"), people=2, days=30
    )
    assert line.effective_day_rate == Decimal("250")


def test_half_cents_round_away_from_zero():
    assert to_cents(Decimal("0.005")) == Decimal("0.01")
    assert to_cents(Decimal("2.675")) == Decimal("2.68")
    assert format_eur(Decimal("45000")) == "45\u202f000\u00a0€"
    assert format_eur(Decimal("1234.5"), cents=True) == "1\u202f234,50\u00a0€"


@pytest.mark.django_db
def test_route_follows_dated_thresholds():
    assert procurement_route(Decimal("30000"), date(2025, 1, 1)).route == "dispense"
    assert procurement_route(Decimal("45000"), date(2025, 1, 1)).route == "mapa"
    assert procurement_route(Decimal("250000"), date(2025, 1, 1)).route == "formalisee"
    assert procurement_route(Decimal("45000"), date(2020, 1, 1)) is None
    # A new decree is a new row, not a code change.
    for route, amount in [("dispense", 0), ("mapa", 60000), ("formalisee", 216000)]:
        ProcurementThreshold.objects.create(route=route, from_amount_ht=amount, valid_from=date(2026, 1, 1))
    assert procurement_route(Decimal("45000"), date(2026, 6, 1)).route == "dispense"
    assert procurement_route(Decimal("45000"), date(2025, 6, 1)).route == "mapa"


@pytest.mark.django_db
def test_scenarios_and_usual_range_from_reference_rates():
    refs = current_references(date(2025, 1, 1))
    rows = [
        BudgetLine(category="immersion", label="x", mode="jours", people=4, days=5, day_rate=Decimal("700")),
        BudgetLine(category="documentation", label="d", mode="forfait", amount_ht=Decimal("6000")),
        BudgetLine(category="deplacements", label="t", mode="forfait", amount_ht=Decimal("1000")),
    ]
    budget = SimpleNamespace(effective_vat_rate=Decimal(20), sharing_count=3, beneficiaries=6000)
    totals = compute_totals(budget, rows)
    scenario = scenarios(totals, rows, refs)
    assert scenario.low == Decimal("20") * 600 + 4000 + 1000
    assert scenario.high == Decimal("20") * 900 + 15000 + 1000
    assert position_in_range(totals.paid_ht, refs) == "dans"
    assert position_in_range(Decimal("10000"), refs) == "dessous"
    assert totals.cost_per_project == Decimal("8400.00")
    assert totals.cost_per_beneficiary == Decimal("4.20")
