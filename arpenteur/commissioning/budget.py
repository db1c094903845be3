"""Budget arithmetic, kept pure so that property tests can prove it over random budgets.

French invoicing order: each line is rounded to the cent, the HT total is the sum of rounded
lines, the VAT is computed once on that total and rounded, TTC = HT + VAT. In-kind lines are
valued but never paid: they appear in the full value of the residency, not in HT/TTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from .models import (
    TEAM_CATEGORIES,
    BudgetLine,
    CostReference,
    FundingLine,
    LineCategory,
    ProcurementThreshold,
)
from .money import ZERO, to_cents


@dataclass
class CategoryTotal:
    category: str
    label: str
    paid_ht: Decimal = ZERO
    in_kind: Decimal = ZERO


@dataclass
class BudgetTotals:
    paid_ht: Decimal
    vat: Decimal
    paid_ttc: Decimal
    in_kind: Decimal
    full_value: Decimal
    categories: list[CategoryTotal]
    team_person_days: Decimal
    team_ht: Decimal
    effective_day_rate: Decimal | None
    funding_total: Decimal
    funding_by_status: dict[str, Decimal] = field(default_factory=dict)
    funding_gap: Decimal = ZERO
    cost_per_project: Decimal | None = None
    cost_per_beneficiary: Decimal | None = None


def compute_totals(budget, lines, funding=()) -> BudgetTotals:
    categories = {c.value: CategoryTotal(c.value, str(c.label)) for c in LineCategory}
    paid_ht = in_kind = team_ht = team_days = ZERO
    for line in lines:
        amount = to_cents(line.total_ht)
        bucket = categories[line.category]
        if line.in_kind:
            in_kind += amount
            bucket.in_kind += amount
            continue
        paid_ht += amount
        bucket.paid_ht += amount
        if line.category in TEAM_CATEGORIES:
            team_ht += amount
            team_days += line.person_days
    vat = to_cents(paid_ht * budget.effective_vat_rate / 100)
    paid_ttc = paid_ht + vat
    by_status = {status.value: ZERO for status in FundingLine.Status}
    for item in funding:
        by_status[item.status] += to_cents(item.amount)
    funding_total = sum(by_status.values(), ZERO)
    sharing = max(budget.sharing_count or 1, 1)
    return BudgetTotals(
        paid_ht=paid_ht,
        vat=vat,
        paid_ttc=paid_ttc,
        in_kind=in_kind,
        full_value=paid_ttc + in_kind,
        categories=[c for c in categories.values() if c.paid_ht or c.in_kind],
        team_person_days=team_days,
        team_ht=team_ht,
        effective_day_rate=to_cents(team_ht / team_days) if team_days else None,
        funding_total=funding_total,
        funding_by_status=by_status,
        funding_gap=paid_ttc - funding_total,
        cost_per_project=to_cents(paid_ttc / sharing),
        cost_per_beneficiary=to_cents(paid_ttc / budget.beneficiaries) if budget.beneficiaries else None,
    )


def current_references(on: date | None = None) -> dict[str, CostReference]:
    """The reference ranges in force on a date (latest `valid_from` not after it), by key."""
    on = on or timezone.localdate()
    found: dict[str, CostReference] = {}
    for ref in CostReference.objects.filter(valid_from__lte=on).order_by("key", "-valid_from"):
        found.setdefault(ref.key, ref)
    return found


@dataclass
class Scenario:
    low: Decimal
    high: Decimal
    person_days: Decimal


def scenarios(
    totals: BudgetTotals, lines, references, *, fallback_person_days: Decimal = ZERO
) -> Scenario | None:
    """Low and high HT totals: the team's person-days at the reference day rates, documentation at
    its reference range, every other paid line as budgeted."""
    rate = references.get(CostReference.Key.TEAM_DAY_RATE)
    if rate is None:
        return None
    doc = references.get(CostReference.Key.DOCUMENTATION)
    person_days = totals.team_person_days or fallback_person_days
    others = ZERO
    has_doc = False
    for line in lines:
        if line.in_kind or line.category in TEAM_CATEGORIES:
            continue
        if line.category == LineCategory.DOCUMENTATION and doc is not None:
            has_doc = True
            continue
        others += to_cents(line.total_ht)
    doc_low = doc.low if doc is not None and (has_doc or not lines) else ZERO
    doc_high = doc.high if doc is not None and (has_doc or not lines) else ZERO
    return Scenario(
        low=to_cents(person_days * rate.low + doc_low + others),
        high=to_cents(person_days * rate.high + doc_high + others),
        person_days=person_days,
    )


def position_in_range(amount: Decimal, references) -> str | None:
    """'dessous', 'dans' or 'dessus' the usual total range (20–90 k€ in the seed data)."""
    usual = references.get(CostReference.Key.USUAL_TOTAL)
    if usual is None:
        return None
    if amount < usual.low:
        return "dessous"
    if amount > usual.high:
        return "dessus"
    return "dans"


def procurement_route(amount_ht: Decimal, on: date | None = None) -> ProcurementThreshold | None:
    """The route the amount implies under the thresholds in force on `on` (today by default)."""
    on = on or timezone.localdate()
    latest = (
        ProcurementThreshold.objects.filter(valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    if latest is None:
        return None
    return (
        ProcurementThreshold.objects.filter(valid_from=latest, from_amount_ht__lte=amount_ht)
        .order_by("-from_amount_ht")
        .first()
    )


def lines_from_example(example) -> list[BudgetLine]:
    """Unsaved BudgetLines from a BudgetExample's JSON, in order."""
    built = []
    for position, raw in enumerate(example.lines, start=1):
        built.append(
            BudgetLine(
                position=position,
                category=raw.get("category", LineCategory.OTHER),
                label=raw.get("label", ""),
                mode=raw.get("mode", BudgetLine.Mode.FIXED),
                amount_ht=_dec(raw.get("amount_ht")),
                people=int(raw.get("people", 1)),
                days=_dec(raw.get("days")),
                day_rate=_dec(raw.get("day_rate")),
                in_kind=bool(raw.get("in_kind", False)),
                note=raw.get("note", ""),
            )
        )
    return built


def _dec(value):
    return None if value in (None, "") else Decimal(str(value))
