from django.http import JsonResponse

from arpenteur.core.access import public

from .search import search_communes


@public
def commune_search(request):
    """Autocomplete source: public reference data (INSEE / Etalab), nothing personal."""
    communes = search_communes(request.GET.get("q", ""), limit=12)
    return JsonResponse(
        {
            "results": [
                {
                    "code": c.code,
                    "cog_year": c.cog_year,
                    "name": c.name,
                    "kind": c.get_kind_display(),
                    "departement": c.departement.name,
                    "label": c.label
                    if c.kind == c.Kind.COMMUNE
                    else f"{c.label} · {c.get_kind_display().lower()}"
                    + (f" de {c.parent.name}" if c.parent else ""),
                    "population": c.population,
                    "selectable": c.kind == c.Kind.COMMUNE,
                }
                for c in communes
            ]
        }
    )
