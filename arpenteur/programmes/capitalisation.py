"""Capitalisation: what the residencies of one or several programmes have in common — recurring
enjeux and codes, methods used, budgets per format, roadmap actions started or done.

Every figure is aggregated by the database over the whole portfolio (a handful of GROUP BY
queries, whatever the number of residencies); Python only merges labels that differ by case,
accents or punctuation, and computes medians. Nothing here names a person or quotes anyone: only
labels the teams chose to share with the residency's members (drafts marked « équipe seulement »
are left out) and counts.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, ExpressionWrapper, F, Q, Sum, When
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from arpenteur.analysis.models import Code, Enjeu
from arpenteur.analysis.models import Visibility as AnalysisVisibility
from arpenteur.commissioning.models import BudgetLine
from arpenteur.fieldwork.models import Activity
from arpenteur.residencies.models import Residency
from arpenteur.roadmap.models import Action, Audience

from .models import PortfolioEntry

TOP = 15  # recurring labels shown per section; the twins carry them all


def normalise(label: str) -> str:
    """The grouping key of a label: no accents, no case, no punctuation, single spaces — so that
    « Centre-bourg vivant » and « centre bourg vivant » count as one."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass
class Recurring:
    label: str
    residencies: int
    occurrences: int
    variants: set[str] = field(default_factory=set)


@dataclass
class BudgetRange:
    format: str
    count: int
    minimum: Decimal
    median: Decimal
    maximum: Decimal


@dataclass
class StatusCount:
    status: str
    label: str
    actions: int
    residencies: int


@dataclass
class Capitalisation:
    residency_count: int
    enjeux: list[Recurring]
    codes: list[Recurring]
    methods: list[Recurring]
    budgets: list[BudgetRange]
    without_budget: int
    actions: list[StatusCount]
    action_total: int

    @property
    def started(self) -> int:
        return sum(s.actions for s in self.actions if s.status == Action.Status.UNDER_WAY)

    @property
    def done(self) -> int:
        return sum(s.actions for s in self.actions if s.status == Action.Status.DONE)


def _recurring(queryset, label_path: str, rid_path: str, occurrences) -> list[Recurring]:
    """Labels grouped and counted by the database (residencies using each exact spelling, and
    occurrences), then merged here by normalised label. Spellings that merge are looked up once more,
    in one query, so that a residency using two of them still counts once. Sorted by number of
    residencies, then occurrences."""
    rows = (
        queryset.values(label=F(label_path))
        .annotate(residencies=Count(rid_path, distinct=True), n=occurrences)
        .order_by()
    )
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        key = normalise(row["label"] or "")
        if key:
            groups[key].append(row)
    spellings = [row["label"] for variants in groups.values() if len(variants) > 1 for row in variants]
    residencies_of: dict[str, set[int]] = defaultdict(set)
    if spellings:
        pairs = (
            queryset.filter(**{f"{label_path}__in": spellings}).values_list(label_path, rid_path).distinct()
        )
        for label, rid in pairs.order_by():
            residencies_of[normalise(label)].add(rid)
    result = []
    for key, variants in groups.items():
        # Show the spelling used most often; on a tie, the one with capitals or accents.
        best = max(
            variants,
            key=lambda r: (
                r["residencies"] + r["n"],
                r["label"] != r["label"].lower() or not r["label"].isascii(),
            ),
        )
        result.append(
            Recurring(
                label=best["label"].strip(),
                residencies=len(residencies_of[key]) if len(variants) > 1 else variants[0]["residencies"],
                occurrences=sum(r["n"] for r in variants),
                variants={r["label"].strip() for r in variants},
            )
        )
    return sorted(result, key=lambda g: (-g.residencies, -g.occurrences, g.label))


def _median(values: list[Decimal]) -> Decimal:
    return Decimal(statistics.median(values)).quantize(Decimal("1"))


def compute(residencies) -> Capitalisation:
    """`residencies`: a queryset of residencies (a programme's portfolio, or several)."""
    ids = residencies.values("pk")
    enjeux = _recurring(
        Enjeu.objects.filter(residency__in=ids).exclude(visibility=AnalysisVisibility.TEAM),
        "title",
        "residency",
        Count("pk"),
    )
    codes = _recurring(
        Code.objects.filter(codebook__residency__in=ids), "name", "codebook__residency", Count("taggings")
    )
    methods = _recurring(
        Activity.objects.filter(session__residency__in=ids, method__isnull=False),
        "method__name",
        "session__residency",
        Count("pk"),
    )
    by_format: dict[str, list[Decimal]] = defaultdict(list)
    without_budget = 0
    for row in _budget_rows(residencies):
        if row["total"]:
            by_format[row["format_name"] or _("Format non précisé")].append(Decimal(row["total"]))
        else:
            without_budget += 1
    budgets = [
        BudgetRange(
            format=name, count=len(values), minimum=min(values), median=_median(values), maximum=max(values)
        )
        for name, values in sorted(by_format.items())
    ]
    labels = dict(Action.Status.choices)
    status_rows = (
        Action.objects.filter(residency__in=ids)
        .exclude(audience=Audience.TEAM)
        .values("status")
        .annotate(actions=Count("pk"), residencies=Count("residency", distinct=True))
        .order_by()
    )
    counts = {row["status"]: row for row in status_rows}
    actions = [
        StatusCount(
            status=value,
            label=str(labels[value]),
            actions=counts.get(value, {}).get("actions", 0),
            residencies=counts.get(value, {}).get("residencies", 0),
        )
        for value in Action.Status.values
    ]
    return Capitalisation(
        residency_count=residencies.count(),
        enjeux=enjeux,
        codes=codes,
        methods=methods,
        budgets=budgets,
        without_budget=without_budget,
        actions=actions,
        action_total=sum(s.actions for s in actions),
    )


def _budget_rows(residencies):
    """One row per residency: its format and the paid part of its commissioning budget (€ HT,
    in-kind lines excluded, like commissioning.budget.compute_totals)."""
    days = ExpressionWrapper(
        F("budget__lines__people") * F("budget__lines__days") * F("budget__lines__day_rate"),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
    line_total = Case(
        When(budget__lines__mode=BudgetLine.Mode.DAYS, then=days),
        default=F("budget__lines__amount_ht"),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
    return (
        residencies.order_by()
        .values("pk", "format_name")
        .annotate(total=Sum(line_total, filter=Q(budget__lines__in_kind=False)))
    )


def programme_residencies(programmes, edition_id: int | None = None):
    """The residencies of the portfolios of `programmes`, optionally of one edition only."""
    entries = PortfolioEntry.objects.filter(programme__in=programmes)
    if edition_id:
        entries = entries.filter(edition_id=edition_id)
    return Residency.objects.filter(pk__in=entries.values("residency_id"))


# --- Charts: geometry for inline SVG, drawn by templates (CSP: no inline style) ----------------

WIDTH = 640
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
ROW_GAP = 10
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
VALUE_ROOM = 200


@dataclass(frozen=True)
class Bar:
    label: str
    y_label: int
    y_bar: int
    x: int
    width: int
    value_x: int
    value_text: str
    mark_x: int | None = None  # the median tick of a range bar


def _short(label: str) -> str:
    return label if len(label) <= 70 else label[:69] + "…"


def bar_chart(rows: list[tuple[str, float, str]]) -> dict:
    """Horizontal bars from (label, value, value text); the text is also printed next to each bar so
    that nobody depends on length or colour alone."""
    top_value = max((value for _label, value, _text in rows), default=0)
    scale = (WIDTH - VALUE_ROOM) / top_value if top_value else 0
    bars = []
    for index, (label, value, text) in enumerate(rows):
        top = index * ROW_HEIGHT
        width = max(int(value * scale), 2 if value else 0)
        bars.append(Bar(_short(label), top + LABEL_HEIGHT - 5, top + LABEL_HEIGHT, 0, width, width + 8, text))
    return _chart(bars)


def range_chart(budgets: list[BudgetRange]) -> dict:
    """Min–max bars with a median tick, one per format, on a common scale from 0."""
    top_value = max((float(b.maximum) for b in budgets), default=0)
    scale = (WIDTH - VALUE_ROOM) / top_value if top_value else 0
    bars = []
    for index, budget in enumerate(budgets):
        top = index * ROW_HEIGHT
        x = int(float(budget.minimum) * scale)
        end = max(int(float(budget.maximum) * scale), x + 2)
        text = _("médiane %(median)s €") % {"median": number_format(budget.median, 0, force_grouping=True)}
        bars.append(
            Bar(
                _short(f"{budget.format} ({budget.count})"),
                top + LABEL_HEIGHT - 5,
                top + LABEL_HEIGHT,
                x,
                end - x,
                end + 8,
                text,
                mark_x=int(float(budget.median) * scale),
            )
        )
    return _chart(bars)


def _chart(bars: list[Bar]) -> dict:
    return {
        "bars": bars,
        "width": WIDTH,
        "height": max(len(bars) * ROW_HEIGHT, ROW_HEIGHT),
        "bar_height": BAR_HEIGHT,
        "text_dy": BAR_HEIGHT - 4,
    }


def flat_rows(result: Capitalisation) -> list[dict]:
    """Every figure as one flat row, for the .csv and .json twins."""
    rows = []
    for section, items in (
        ("enjeu", result.enjeux),
        ("code", result.codes),
        ("methode", result.methods),
    ):
        for item in items:
            rows.append(
                {
                    "rubrique": section,
                    "libelle": item.label,
                    "residences": item.residencies,
                    "nombre": item.occurrences,
                    "minimum": None,
                    "mediane": None,
                    "maximum": None,
                }
            )
    for budget in result.budgets:
        rows.append(
            {
                "rubrique": "budget_par_format",
                "libelle": budget.format,
                "residences": budget.count,
                "nombre": budget.count,
                "minimum": budget.minimum,
                "mediane": budget.median,
                "maximum": budget.maximum,
            }
        )
    for status in result.actions:
        rows.append(
            {
                "rubrique": "actions_par_etat",
                "libelle": status.label,
                "residences": status.residencies,
                "nombre": status.actions,
                "minimum": None,
                "mediane": None,
                "maximum": None,
            }
        )
    return rows
