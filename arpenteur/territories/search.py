"""Finding a commune from what a person types: a name (accents, case and hyphens ignored) or an INSEE code."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Max, Q, Value, When

from .models import Commune, fold


def latest_cog_year() -> int | None:
    return Commune.objects.aggregate(year=Max("cog_year"))["year"]


def search_communes(query: str, *, limit: int = 10, cog_year: int | None = None) -> list[Commune]:
    query = (query or "").strip()
    if len(query) < 2:
        return []
    cog_year = cog_year or latest_cog_year()
    if cog_year is None:
        return []
    base = Commune.objects.filter(cog_year=cog_year).select_related("departement", "parent")
    compact = query.replace(" ", "").upper()
    if compact[:2].isdigit() or compact[:2] in ("2A", "2B"):
        matches = base.filter(Q(code__startswith=compact) | Q(postal_codes__contains=compact))
        exact = Q(code=compact)
    else:
        folded = fold(query)
        matches = base.filter(Q(search_name__startswith=folded) | Q(search_name__contains=" " + folded))
        exact = Q(search_name=folded)
    return list(
        matches.annotate(
            rank=Case(
                When(exact, then=Value(0)),
                When(kind=Commune.Kind.COMMUNE, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("rank", "-population", "name", "code")[:limit]
    )


def resolve_commune(text: str, *, cog_year: int | None = None) -> tuple[Commune | None, str | None]:
    """Turn free text (a code, « Péronne (80) — 80620 » or a name) into one commune, or a French error."""
    text = (text or "").strip()
    if not text:
        return None, "Indiquez une commune (nom ou code INSEE)."
    cog_year = cog_year or latest_cog_year()
    candidates = Commune.objects.filter(cog_year=cog_year, kind=Commune.Kind.COMMUNE)
    code = text.rsplit("—", 1)[-1].strip().upper() if "—" in text else text.upper()
    if len(code) == 5 and (code.isdigit() or code[:2] in ("2A", "2B")):
        commune = candidates.filter(code=code).first()
        if commune is None:
            return None, f"Aucune commune ne porte le code INSEE « {code} » dans le COG {cog_year}."
        return commune, None
    found = list(candidates.filter(search_name=fold(text))[:5])
    if len(found) == 1:
        return found[0], None
    if len(found) > 1:
        names = ", ".join(c.label for c in found)
        return (
            None,
            f"Plusieurs communes s’appellent ainsi ({names}) : choisissez-en une dans la liste ou tapez son code INSEE.",
        )
    return None, f"Aucune commune ne correspond à « {text} ». Tapez le début de son nom ou son code INSEE."
