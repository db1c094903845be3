"""What emerges: the board of codes (counts, who said it, co-occurrence), a page per code with its
quotes, photos and map, and the diagnosis page. Every figure counts only the segments of the
material the reader may see (fieldwork's policy), so partners never learn from a count what they
may not read."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from arpenteur.residencies.access import residency_view

from . import services, trace
from .models import Code, Enjeu, Finding, FindingNature, Segment, SegmentCode, SwotKind
from .views import _code_tree, _context, _materials_for


def _visible_segments(request, residency):
    """Segments the reader may see, as a subquery (one query for the whole board)."""
    if residency.can_be_edited_by(request.user):
        return Segment.objects.filter(residency=residency, material__moderation="acceptee")
    return Segment.objects.filter(residency=residency, material__in=_materials_for(request, residency))


def _descendants(codes_by_parent, code_pk) -> list[int]:
    out, stack = [], [code_pk]
    while stack:
        pk = stack.pop()
        out.append(pk)
        stack.extend(codes_by_parent.get(pk, []))
    return out


@residency_view("view")
def board(request, residency):
    from arpenteur.fieldwork.models import Stakeholder

    book = services.get_or_create_codebook(residency)
    segments = _visible_segments(request, residency)
    taggings = SegmentCode.objects.filter(segment__in=segments)
    counts = {
        row["code"]: (row["n"], row["m"])
        for row in taggings.values("code")
        .annotate(n=Count("segment", distinct=True), m=Count("segment__material", distinct=True))
        .order_by()
    }
    codes = _code_tree(book)
    categories = dict(Stakeholder.Category.choices)
    who: dict[int, list[tuple[str, int]]] = {}
    for row in (
        taggings.exclude(segment__material__stakeholder_links=None)
        .values("code", category=F("segment__material__stakeholder_links__stakeholder__category"))
        .annotate(n=Count("segment", distinct=True))
        .order_by("code", "-n", "category")
    ):
        who.setdefault(row["code"], []).append((categories.get(row["category"], row["category"]), row["n"]))
    for code in codes:
        code.segment_count, code.material_count = counts.get(code.pk, (0, 0))
        code.who = who.get(code.pk, [])
    names = {code.pk: code for code in codes}
    pairs = (
        taggings.filter(segment__taggings__code__gt=F("code"))
        .values("code", other=F("segment__taggings__code"))
        .annotate(n=Count("segment", distinct=True))
        .order_by("-n", "code", "other")[:15]
    )
    cooccurrence = [
        (names[p["code"]], names[p["other"]], p["n"])
        for p in pairs
        if p["code"] in names and p["other"] in names
    ]
    peak = max((c.segment_count for c in codes), default=0) or 1
    for code in codes:
        code.bar = round(100 * code.segment_count / peak)
    context = _context(
        request,
        residency,
        "board",
        codes=codes,
        cooccurrence=cooccurrence,
        total_segments=segments.count(),
    )
    return render(request, "analysis/board.html", context)


def _code_segments(request, residency, code):
    book_codes = list(Code.objects.filter(codebook=code.codebook).values_list("pk", "parent_id"))
    by_parent: dict[int, list[int]] = {}
    for pk, parent in book_codes:
        by_parent.setdefault(parent, []).append(pk)
    ids = _descendants(by_parent, code.pk)
    return (
        _visible_segments(request, residency)
        .filter(taggings__code__in=ids)
        .distinct()
        .select_related("material")
        .prefetch_related("codes", "material__stakeholder_links__stakeholder")
        .order_by("-material__captured_at", "pk")
    )


@residency_view("view")
def board_code(request, residency, code_pk, fmt=None):
    code = get_object_or_404(Code, pk=code_pk, codebook__residency=residency)
    segments = _code_segments(request, residency, code)
    if fmt == "geojson":
        features = []
        seen = set()
        for segment in segments.filter(material__latitude__isnull=False):
            material = segment.material
            if material.pk in seen:
                continue
            seen.add(material.pk)
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [material.longitude, material.latitude]},
                    "properties": {
                        "titre": str(material),
                        "extrait": segment.quote[:200],
                        "lien": reverse("analysis:material_usage", args=[residency.pk, material.pk]),
                    },
                }
            )
        payload = {"type": "FeatureCollection", "features": features}
        return HttpResponse(json.dumps(payload, ensure_ascii=False), content_type="application/geo+json")
    if fmt:
        raise Http404
    page = Paginator(segments, 30).get_page(request.GET.get("page"))
    for segment in page:
        segment.who = ", ".join(
            sorted({link.stakeholder.public_label for link in segment.material.stakeholder_links.all()})
        )
    photos = [s for s in page if s.material.is_image]
    context = _context(
        request,
        residency,
        "board",
        code=code,
        page_obj=page,
        photos=photos,
        geojson_url=reverse("analysis:board_code_twin", args=[residency.pk, code.pk, "geojson"]),
        basemap_url=settings.BASEMAP_URL,
        basemap_attribution=settings.BASEMAP_ATTRIBUTION,
    )
    return render(request, "analysis/board_code.html", context)


# --- The diagnosis a mayor reads in five minutes -----------------------------------------------------------


@residency_view("view")
def diagnosis(request, residency):
    findings = list(
        Finding.objects.filter(residency=residency)
        .visible_to(request.user, residency)
        .annotate(n_evidence=Count("evidence", distinct=True))
        .order_by("position", "pk")
    )
    enjeux = list(
        Enjeu.objects.filter(residency=residency)
        .visible_to(request.user, residency)
        .annotate(n_findings=Count("findings", distinct=True))
        .order_by("position", "pk")
    )
    quadrants = [(kind, label, [f for f in findings if f.swot == kind]) for kind, label in SwotKind.choices]
    resources = [f for f in findings if f.nature == FindingNature.RESOURCE]
    tensions = [f for f in findings if f.nature == FindingNature.TENSION]
    segments = _visible_segments(request, residency)
    top_codes = list(
        Code.objects.filter(codebook__residency=residency, taggings__segment__in=segments)
        .annotate(n=Count("taggings__segment", distinct=True))
        .order_by("-n", "name")[:8]
    )
    figures = {
        "materials": _materials_for(request, residency).count(),
        "segments": segments.count(),
        "findings": len(findings),
        "enjeux": len(enjeux),
    }
    context = _context(
        request,
        residency,
        "diagnosis",
        quadrants=quadrants,
        enjeux=enjeux,
        resources=resources,
        tensions=tensions,
        top_codes=top_codes,
        figures=figures,
    )
    return render(request, "analysis/diagnosis.html", context)


def phase_panel_context(request, residency):
    """The block shown on the « Révéler » phase page."""
    if not residency.can_be_viewed_by(request.user):
        return None
    can_edit = residency.can_be_edited_by(request.user)
    return {
        "residency": residency,
        "can_edit": can_edit,
        "n_codes": Code.objects.filter(codebook__residency=residency).count(),
        "n_segments": Segment.objects.filter(residency=residency).count() if can_edit else None,
        "n_findings": Finding.objects.filter(residency=residency).visible_to(request.user, residency).count(),
        "n_enjeux": Enjeu.objects.filter(residency=residency).visible_to(request.user, residency).count(),
    }


__all__ = ["board", "board_code", "diagnosis", "phase_panel_context", "trace"]
