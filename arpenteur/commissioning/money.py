"""Money helpers: every amount is a Decimal in euros, rounded to the cent the French way
(half away from zero, « arrondi commercial »), and only where a figure is shown or stored —
sums are made on unrounded line totals so that rounding never drifts with the number of lines.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0")


def to_cents(value) -> Decimal:
    """Round to the cent, half away from zero (0,005 → 0,01)."""
    if value is None:
        return ZERO.quantize(CENT)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def to_euros(value) -> Decimal:
    """Round to the euro, for ranges and headline figures."""
    return Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def format_eur(value, *, cents: bool = False) -> str:
    """1234567.5 → « 1 234 568 € » (narrow no-break spaces, as French typography wants)."""
    if value is None:
        return "—"
    amount = to_cents(value) if cents else to_euros(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    whole, _, fraction = f"{amount:.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = "\u202f".join(groups)
    if cents:
        text += "," + fraction
    return f"{sign}{text}\u00a0€"
