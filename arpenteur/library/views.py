import json

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arpenteur.core.access import public, staff_only
from arpenteur.core.tabular import Column, twin_response

from .browse import FACET_PARAMS, browse
from .columns import CATALOGUE_COLUMNS
from .forms import ImportForm
from .models import ImportRun, Item, Kind, TrainingSlot
from .search import Query, highlight, ranked, tokens
from .services import start_import

PAGE_SIZE = 20


def _map_context(points) -> dict:
    from django.conf import settings

    return {
        "map_points": points,
        "basemap_url": settings.BASEMAP_URL,
        "basemap_attribution": settings.BASEMAP_ATTRIBUTION,
    }


def _geojson(points) -> HttpResponse:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
            "properties": {
                "id": p["id"],
                "titre": p["title"],
                "nature": p["kind"],
                "territoire": p["place"],
                "url": reverse("library:detail", args=[p["id"]]),
            },
        }
        for p in points
    ]
    return HttpResponse(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        content_type="application/geo+json; charset=utf-8",
    )


@public
def search(request, fmt=None):
    """The public catalogue: search, facets, a map and a page of results (and their twins)."""
    outcome = browse(request.GET, with_facets=fmt is None)
    if fmt == "geojson":
        return _geojson(outcome.map_points(limit=None))
    if fmt:
        rows = outcome.results.select_related("region").prefetch_related("themes")
        meta = {"requete": outcome.query.text, "filtres": outcome.selected, "nature": outcome.kind}
        return twin_response(
            fmt, rows.iterator(chunk_size=500), CATALOGUE_COLUMNS, filename="bibliotheque", meta=meta
        )
    paginator = Paginator(outcome.results.select_related("region").prefetch_related("themes"), PAGE_SIZE)
    # Counted on the unranked matches: the ranked query joins the full-text index row by row.
    paginator.count = outcome.count()
    page = paginator.get_page(request.GET.get("page"))
    for item in page.object_list:
        item.snippet = highlight(item.summary, outcome.query)
    active_filters = []
    for facet, values in outcome.facets:
        for value in values:
            if value.selected:
                remaining = request.GET.copy()
                remaining.setlist(
                    facet.param, [v for v in remaining.getlist(facet.param) if v != value.value]
                )
                remaining.pop("page", None)
                active_filters.append((facet, value, remaining.urlencode()))
    context = {
        "outcome": outcome,
        "page_obj": page,
        "active_filters": active_filters,
        "kinds": [(Kind.RESOURCE, _("Ressources seulement")), (Kind.EXPERIENCE, _("Expériences seulement"))],
        "has_filters": bool(outcome.query.text or outcome.selected or outcome.kind),
        "twin_base": reverse("library:search").rstrip("/"),
        "twin_geojson": True,
        "facet_params": FACET_PARAMS,
        "nav_section": "library",
        **_map_context(outcome.map_points()),
    }
    template = "library/partials/results.html" if request.htmx else "library/search.html"
    return render(request, template, context)


def _visible_item(request, pk):
    queryset = Item.objects.select_related("region").prefetch_related(
        "themes", Prefetch("slots", queryset=TrainingSlot.objects.order_by("day", "start", "pk"))
    )
    item = get_object_or_404(queryset, pk=pk)
    # Drafts stay private: only staff, who edit them, may preview one.
    if not item.is_published and not request.user.is_staff:
        raise Http404
    return item


@public
def detail(request, pk, fmt=None):
    """One resource or experience; drafts are shown to staff only (everyone else gets a 404)."""
    item = _visible_item(request, pk)
    if fmt == "geojson":
        raise Http404
    if fmt:
        return twin_response(fmt, [item], CATALOGUE_COLUMNS, filename=f"fiche-{item.pk}")
    days: dict[int, list[TrainingSlot]] = {}
    for slot in item.slots.all():
        days.setdefault(slot.day, []).append(slot)
    theme_ids = [theme.pk for theme in item.themes.all()]
    related = (
        Item.objects.published()
        .exclude(pk=item.pk)
        .filter(themes__in=theme_ids)
        .annotate(shared=Count("themes"))
        .order_by("-shared", "-year_start", "title")[:5]
        if theme_ids
        else []
    )
    point = (
        [
            {
                "id": item.pk,
                "title": item.title,
                "kind": item.kind,
                "lat": item.latitude,
                "lon": item.longitude,
                "place": item.territory_name,
            }
        ]
        if item.latitude is not None and item.longitude is not None
        else []
    )
    context = {
        "item": item,
        "days": sorted(days.items()),
        "related": related,
        "nav_section": "library",
        **_map_context(point),
    }
    return render(request, "library/detail.html", context)


def _catalogue_methods():
    from arpenteur.fieldwork.models import Method  # fieldwork comes before library in the chain

    return Method.objects.filter(residency__isnull=True, is_active=True).order_by("order", "name")


def _method_text(method) -> str:
    return " ".join(
        [method.name, method.purpose, method.summary, method.material, method.output, method.attention_points]
    )


@public
def toolbox(request):
    """The « boîte à outils »: the common methods catalogue (residency-specific methods stay private)."""
    query = Query.parse(request.GET.get("q"))
    remote_only = request.GET.get("distance") == "1"
    methods = list(_catalogue_methods())
    if query:
        # A few dozen records: matched in Python with the catalogue's own French tokens.
        methods = [m for m in methods if _matches_every_term(query, tokens(_method_text(m)).split())]
    if remote_only:
        methods = [m for m in methods if m.remote_possible]
    for method in methods:
        method.snippet = highlight(method.purpose, query)
    context = {"methods": methods, "query": query, "remote_only": remote_only, "nav_section": "library"}
    return render(request, "library/toolbox.html", context)


def _matches_every_term(query: Query, text_tokens: list[str]) -> bool:
    present = set(text_tokens)
    last = len(query.terms) - 1
    for index, variants in enumerate(query.terms):
        if index == last and query.prefix_last:
            if not any(token.startswith(v) for token in present for v in variants):
                return False
        elif not present.intersection(variants):
            return False
    return True


@public
def method_detail(request, slug):
    method = get_object_or_404(_catalogue_methods(), slug=slug)
    query = Query.parse(method.name)
    related = list(ranked(Item.objects.published(), query)[:5]) if query else []
    context = {"method": method, "related": related, "nav_section": "library"}
    return render(request, "library/method_detail.html", context)


@staff_only
@require_http_methods(["GET", "POST"])
def import_page(request):
    """Staff upload a CSV/JSON file; the import runs in the background and reports line by line."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = start_import(
            filename=form.cleaned_data["file"].name,
            fmt=form.cleaned_data["fmt"],
            content=form.cleaned_data["text"],
            user=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("library:import_report", pk=run.pk)
    runs = ImportRun.objects.select_related("created_by")[:10]
    return render(request, "library/import.html", {"form": form, "runs": runs, "nav_section": "library"})


@staff_only
def import_report(request, pk):
    run = get_object_or_404(ImportRun, pk=pk)
    status_filter = request.GET.get("statut", "")
    lines = [line for line in run.report if not status_filter or line.get("status") == status_filter]
    page = Paginator(lines, 200).get_page(request.GET.get("page"))
    context = {
        "run": run,
        "page_obj": page,
        "status_filter": status_filter,
        "in_progress": run.status in (ImportRun.Status.PENDING, ImportRun.Status.RUNNING),
        "nav_section": "library",
    }
    template = "library/partials/import_status.html" if request.htmx else "library/import_report.html"
    return render(request, template, context)


@staff_only
def export(request, fmt):
    """The whole catalogue, drafts included (the public twins hold published records only)."""
    if fmt == "geojson":
        raise Http404
    rows = Item.objects.order_by("pk").select_related("region").prefetch_related("themes")
    columns = [*CATALOGUE_COLUMNS, Column("publiee", "Publiée", lambda i: i.is_published)]
    return twin_response(fmt, rows.iterator(chunk_size=1000), columns, filename="bibliotheque-complete")
