"""Browsing the public catalogue: a search, facet filters, facet counts and map points.

Facets are disjunctive, as visitors expect from catalogues: within one facet the ticked values are
alternatives (OR), across facets they narrow (AND), and each facet's counts are computed with every
*other* facet's filter applied, so ticking « Eau » does not hide the other themes one could add.
Counts are plain GROUP BY queries on indexed columns, the same on both databases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from arpenteur.territories.models import Region

from . import search
from .models import Item, ItemType, Kind, ProjectType, Theme

MAP_POINTS_LIMIT = 2000
STRUCTURE_FACET_SIZE = 12


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    filter: Callable[[QuerySet, list[str]], QuerySet]
    counts: Callable[[QuerySet], list[tuple[str, str, int]]]
    clean: Callable[[str], str | None] = lambda value: value[:200] or None


def _theme_filter(qs, values):
    through = Item.themes.through.objects.filter(theme__slug__in=values).values("item_id")
    return qs.filter(pk__in=through)


def _theme_counts(qs):
    themes = list(Theme.objects.all())
    if all(theme.pk < search.MASKED_THEMES for theme in themes):
        # One pass over the items' theme bits (a narrow index) instead of the link table, which has
        # two rows per item: the landing page's slowest query at 100,000 records (bench_library.py).
        sums = qs.order_by().aggregate(
            **{f"t{theme.pk}": Sum(F("theme_mask").bitrightshift(theme.pk).bitand(1)) for theme in themes}
        )
        return [(theme.slug, theme.name, sums[f"t{theme.pk}"]) for theme in themes if sums[f"t{theme.pk}"]]
    # Grouped on the link table alone (its (item, theme) index covers the query), then named.
    counts = dict(
        Item.themes.through.objects.filter(item_id__in=qs.values("pk"))
        .order_by()
        .values_list("theme_id")
        .annotate(n=Count("item_id"))
    )
    return [(theme.slug, theme.name, counts[theme.pk]) for theme in themes if counts.get(theme.pk)]


def _field_counts(field_name: str, labels: dict | None = None, *, limit: int | None = None):
    def counts(qs):
        rows = qs.exclude(**{field_name: ""}) if field_name in ("structure", "project_type") else qs
        rows = (
            rows.exclude(**{f"{field_name}__isnull": True})
            .order_by()
            .values(field_name)
            .annotate(n=Count("pk"))
        )
        rows = list(rows.order_by("-n", field_name)[:limit] if limit else rows)
        result = [
            (str(r[field_name]), str((labels or {}).get(r[field_name], r[field_name])), r["n"]) for r in rows
        ]
        if not limit:
            result.sort(key=lambda row: (-row[2], row[1]))
        return result

    return counts


def _region_counts(qs):
    # Grouped on the indexed foreign key, then named: a join per record costs more than a second
    # query on the thirteen-odd regions.
    counts = dict(qs.exclude(region__isnull=True).order_by().values_list("region").annotate(n=Count("pk")))
    merged: dict[str, list] = {}
    for region in Region.objects.filter(pk__in=list(counts)).order_by("cog_year"):
        # One code may exist in several COG vintages: counted together, named after the latest.
        previous = merged.get(region.code, [region.name, 0])
        merged[region.code] = [region.name, previous[1] + counts[region.pk]]
    rows = [(code, name, n) for code, (name, n) in merged.items()]
    return sorted(rows, key=lambda row: (-row[2], row[1]))


def _decade_counts(qs):
    rows = _field_counts("decade")(qs)
    return sorted(
        ((value, _("Années %(decade)s") % {"decade": value}, n) for value, _label, n in rows),
        key=lambda row: row[0],
        reverse=True,
    )


def _clean_decade(value: str) -> str | None:
    return value if value.isdigit() and len(value) == 4 else None


FACETS = [
    Facet("theme", _("Thématique"), _theme_filter, _theme_counts),
    Facet(
        "type",
        _("Type"),
        lambda qs, v: qs.filter(item_type__in=v),
        _field_counts("item_type", dict(ItemType.choices)),
    ),
    Facet(
        "structure",
        _("Structure"),
        lambda qs, v: qs.filter(structure__in=v),
        _field_counts("structure", limit=STRUCTURE_FACET_SIZE),
    ),
    Facet("region", _("Région"), lambda qs, v: qs.filter(region__code__in=v), _region_counts),
    Facet(
        "periode",
        _("Période"),
        lambda qs, v: qs.filter(decade__in=[int(x) for x in v]),
        _decade_counts,
        _clean_decade,
    ),
    Facet(
        "projet",
        _("Type de projet"),
        lambda qs, v: qs.filter(project_type__in=v),
        _field_counts("project_type", dict(ProjectType.choices)),
    ),
]
FACET_PARAMS = [facet.param for facet in FACETS]


@dataclass
class Browse:
    """The outcome of one visit to the catalogue: results (ranked when searching) and facets."""

    query: search.Query
    selected: dict[str, list[str]]
    kind: str
    results: QuerySet
    matches: QuerySet  # the same records, unordered and unranked: cheap to count and to map
    facets: list[tuple[Facet, list[FacetValue]]] = field(default_factory=list)

    def count(self) -> int:
        return self.matches.count()

    @property
    def ignored_query(self) -> bool:
        """Something was typed, but no searchable word (only symbols or very common words)."""
        return bool(self.query.text) and not self.query

    def map_points(self, limit: int = MAP_POINTS_LIMIT) -> list[dict]:
        # Any `limit` located records will do (ranking them would cost a full sort for a 2,000-point cap).
        rows = (
            self.matches.exclude(latitude__isnull=True)
            .exclude(longitude__isnull=True)
            .order_by()
            .values_list("pk", "title", "kind", "latitude", "longitude", "territory_name")[:limit]
        )
        return [
            {"id": pk, "title": title, "kind": kind, "lat": lat, "lon": lon, "place": place}
            for pk, title, kind, lat, lon, place in rows
        ]


def selected_from(params) -> dict[str, list[str]]:
    """The facet values asked for in a query string, cleaned (unknown shapes dropped, not errors)."""
    selected = {}
    for facet in FACETS:
        values = []
        for raw in params.getlist(facet.param)[:20]:
            cleaned = facet.clean(raw.strip())
            if cleaned and cleaned not in values:
                values.append(cleaned)
        if values:
            selected[facet.param] = values
    return selected


def browse(params, *, with_facets: bool = True, base: QuerySet | None = None) -> Browse:
    # « mots=un »: at least one of the words (the residency suggestions link here that way).
    query = search.Query.parse(params.get("q"), any_word=params.get("mots") == "un")
    selected = selected_from(params)
    kind = params.get("nature", "")
    kind = kind if kind in Kind.values else ""
    base = Item.objects.published() if base is None else base
    if kind:
        base = base.filter(kind=kind)

    def narrowed(except_param: str | None = None) -> QuerySet:
        qs = base
        for facet in FACETS:
            if facet.param != except_param and facet.param in selected:
                qs = facet.filter(qs, selected[facet.param])
        return qs

    filtered = narrowed()
    results = search.ranked(filtered, query) if query else filtered.order_by("-year_start", "title", "pk")
    matches = search.matching(filtered, query)
    outcome = Browse(query=query, selected=selected, kind=kind, results=results, matches=matches)
    if with_facets:
        for facet in FACETS:
            chosen = selected.get(facet.param, [])
            rows = facet.counts(search.matching(narrowed(except_param=facet.param), query))
            values = [FacetValue(value, label, count, value in chosen) for value, label, count in rows]
            # A ticked value stays visible (and un-tickable) even when nothing matches it any more.
            present = {v.value for v in values}
            values += [FacetValue(value, value, 0, True) for value in chosen if value not in present]
            outcome.facets.append((facet, values))
    return outcome
