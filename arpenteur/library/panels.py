"""« D'autres territoires ont agi sur… »: library suggestions on a residency's phase pages.

Library is the last app of the chain, so it may read the residency's enjeux and codes (analysis) to
build its queries; the residency pages only know the panel through `core.registry`.

Each enjeu the visitor may read (drafts stay the team's) gives one any-word search of its title and
of the names of the codes behind it; the most used codes give one more. The residency's own
territory is excluded (« d'autres territoires »), and a record shown for one enjeu is not repeated
for the next. Query count is bounded: 2 to read enjeux and codes, then one search per group (at most
MAX_ENJEUX + 1), whatever the size of the diagnosis or of the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Item
from .search import Query, ranked

MAX_ENJEUX = 4
MAX_CODES = 8
PER_GROUP = 3


@dataclass
class Suggestions:
    label: str
    items: list
    search_url: str


def residency_panel_context(request, residency) -> dict | None:
    """The panel's context, or None for someone who may not see the residency (the panel hides)."""
    if not residency.can_be_viewed_by(request.user):
        return None
    from arpenteur.analysis.models import Code, Enjeu, Finding  # analysis comes before library

    enjeux = list(
        Enjeu.objects.filter(residency=residency)
        .visible_to(request.user, residency)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "findings",
                queryset=Finding.objects.visible_to(request.user, residency).prefetch_related("codes"),
            )
        )[:MAX_ENJEUX]
    )
    codes = list(
        Code.objects.filter(codebook__residency=residency)
        .annotate(uses=Count("taggings"))
        .filter(uses__gt=0)
        .order_by("-uses", "position", "pk")
        .values_list("name", flat=True)[:MAX_CODES]
    )
    sources: list[tuple[str, list[str]]] = []
    for enjeu in enjeux:
        code_names = [code.name for finding in enjeu.findings.all() for code in finding.codes.all()]
        sources.append((enjeu.title, [enjeu.title, *code_names]))
    if codes:
        sources.append((_("les thèmes les plus codés : %(codes)s") % {"codes": ", ".join(codes[:4])}, codes))
    if not sources and residency.question:
        # Before the diagnosis: the question the commune asked is all we know of its concerns.
        sources.append((_("la question posée"), [residency.question]))

    shown: set[int] = set()
    groups = []
    others = related_queryset(residency)
    for label, texts in sources:
        query = Query.about(texts)
        if not query:
            continue
        items = list(
            ranked(others.exclude(pk__in=shown), query).only(
                "pk", "title", "kind", "item_type", "structure", "territory_name", "year_start", "year_end"
            )[:PER_GROUP]
        )
        shown.update(item.pk for item in items)
        if items:
            url = reverse("library:search") + "?" + urlencode({"q": query.text, "mots": "un"})
            groups.append(Suggestions(label=label, items=items, search_url=url))
    return {"residency": residency, "groups": groups, "has_sources": bool(sources)}


def related_queryset(residency):
    """Published records, except those about the residency's own commune (« d'autres territoires »)."""
    queryset = Item.objects.published()
    commune = residency.commune
    if commune is not None and commune.code:
        queryset = queryset.exclude(territory_code=commune.code)
    return queryset
