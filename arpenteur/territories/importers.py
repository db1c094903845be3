"""Import of the official territory files: Etalab `decoupage-administratif` JSON and INSEE CSV.

A deployment passes the files it downloaded (any vintage) with the COG year they describe. The
importer recognises each file by its content, loads regions, then départements, EPCI and
communes, and upserts by official code and year: running it twice changes nothing. A bad line is
reported (file, line, reason, in French) and skipped; the rest goes on.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from .models import Commune, Departement, Epci, Region, fold

COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
DEPT_CODE = re.compile(r"^(\d{2}|2[AB]|9[78]\d)$")
REGION_CODE = re.compile(r"^\d{2,3}$")
SIREN = re.compile(r"^\d{9}$")
BATCH = 2000
IGNORED_KINDS = {
    "ept": "EPT, ignoré (pas un EPCI à fiscalité propre)",
    "arrondissements": "arrondissements départementaux, ignorés",
}

ETALAB_COMMUNE_KIND = {
    "commune-actuelle": Commune.Kind.COMMUNE,
    "commune-deleguee": Commune.Kind.DELEGATED,
    "commune-associee": Commune.Kind.ASSOCIATED,
    "arrondissement-municipal": Commune.Kind.ARRONDISSEMENT,
}
CSV_COMMUNE_KIND = {
    "COM": Commune.Kind.COMMUNE,
    "COMD": Commune.Kind.DELEGATED,
    "COMA": Commune.Kind.ASSOCIATED,
    "ARM": Commune.Kind.ARRONDISSEMENT,
}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


@dataclass
class ImportReport:
    counts: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    errors: list[str] = field(default_factory=list)
    files: list[tuple[str, str]] = field(default_factory=list)

    def error(self, source: str, line: int | None, message: str) -> None:
        where = f"{source}, ligne {line}" if line is not None else source
        self.errors.append(f"{where} : {message}")

    def lines(self) -> list[str]:
        out = [f"Fichier {name} lu comme : {kind}" for name, kind in self.files]
        for kind, c in self.counts.items():
            out.append(
                f"{kind} : {c.created} créé(s), {c.updated} mis à jour, {c.unchanged} inchangé(s), {c.skipped} ignoré(s)"
            )
        out.append(f"{len(self.errors)} erreur(s)")
        out.extend(self.errors)
        return out


# ---------------------------------------------------------------------------------------------
# Reading: every source becomes rows of plain dicts with our field names, plus a line number.


def detect(path: Path) -> str | None:
    """Return 'regions', 'departements', 'epci', 'communes' or None, from the file's content."""
    if path.suffix.lower() == ".json":
        with path.open(encoding="utf-8") as handle:
            head = handle.read(4000)
        if '"membres"' in head:
            # Établissements publics territoriaux (Grand Paris) are not EPCI à fiscalité propre: the
            # communes keep their métropole as EPCI.
            return "ept" if '"type": "EPT"' in head or '"type":"EPT"' in head else "epci"
        if '"type"' in head and "commune-" in head:
            return "communes"
        if '"departement"' in head and '"chefLieu"' in head:
            return "arrondissements"
        if '"region"' in head and '"chefLieu"' in head:
            return "departements"
        if '"chefLieu"' in head:
            return "regions"
        return None
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
        columns = {c.strip().lower() for c in header}
        if {"insee_com", "commune_type"} <= columns or {"insee_com", "commune"} <= columns:
            return "communes"
        if {"insee_dep", "departement"} <= columns:
            return "departements"
        if {"insee_reg", "region"} <= columns:
            return "regions"
    return None


def _decimal(value: str | None) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(f"nombre illisible « {value} »") from None


def _float(value: str | None) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        raise ValueError(f"coordonnée illisible « {value} »") from None


def _int(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"entier illisible « {value} »") from None


def read_rows(path: Path, kind: str) -> Iterable[tuple[int, dict]]:
    """Yield (line number, raw record) — JSON records are numbered from 1 in file order."""
    if path.suffix.lower() == ".json":
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
        if not isinstance(data, list):
            raise ValueError("le fichier JSON doit contenir une liste")
        yield from enumerate(data, start=1)
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            for number, row in enumerate(reader, start=2):
                yield number, {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}


def normalise(kind: str, raw: dict, is_json: bool) -> dict:
    """Map one raw record to our fields; raise ValueError with a French reason when it is unusable."""
    if kind == "regions":
        code = str(raw.get("code") if is_json else raw.get("insee_reg", "")).strip()
        if not REGION_CODE.match(code):
            raise ValueError(f"code région « {code} » invalide")
        name = (raw.get("nom") if is_json else raw.get("region_article") or raw.get("region")) or ""
        if not name:
            raise ValueError("nom de région manquant")
        return {
            "code": code,
            "name": name,
            "chef_lieu": (raw.get("chefLieu") if is_json else raw.get("insee_reg_cheflieu")) or "",
            "latitude": None if is_json else _float(raw.get("lat")),
            "longitude": None if is_json else _float(raw.get("lng")),
            "area_km2": None if is_json else _decimal(raw.get("aire")),
        }
    if kind == "departements":
        code = str(raw.get("code") if is_json else raw.get("insee_dep", "")).strip()
        if not DEPT_CODE.match(code):
            raise ValueError(f"code département « {code} » invalide")
        region = str(raw.get("region") if is_json else raw.get("insee_reg", "")).strip()
        name = (raw.get("nom") if is_json else raw.get("departement_article") or raw.get("departement")) or ""
        if not name:
            raise ValueError("nom de département manquant")
        return {
            "code": code,
            "region_code": region,
            "name": name,
            "chef_lieu": (raw.get("chefLieu") if is_json else raw.get("insee_com_cheflieu")) or "",
            "latitude": None if is_json else _float(raw.get("lat")),
            "longitude": None if is_json else _float(raw.get("lng")),
            "area_km2": None if is_json else _decimal(raw.get("aire")),
        }
    if kind == "epci":
        siren = str(raw.get("code", "")).strip()
        if not SIREN.match(siren):
            raise ValueError(f"SIREN d’EPCI « {siren} » invalide")
        members = raw.get("membres") or []
        if not isinstance(members, list):
            raise ValueError("liste des membres illisible")
        return {
            "siren": siren,
            "name": raw.get("nom") or "",
            "kind": raw.get("type") or "",
            "funding_mode": raw.get("modeFinancement") or "",
            "population": _int(raw.get("populationMunicipale")),
            "members": [str(m.get("code", "")) for m in members if isinstance(m, dict)],
        }
    # communes
    if is_json:
        commune_kind = ETALAB_COMMUNE_KIND.get(raw.get("type", ""))
        if commune_kind is None:
            raise ValueError(f"type de commune « {raw.get('type')} » inconnu")
        parent = raw.get("chefLieu") or raw.get("commune") or ""
        row = {
            "code": str(raw.get("code", "")).strip(),
            "kind": commune_kind,
            "name": raw.get("nom") or "",
            "departement_code": str(raw.get("departement", "")),
            "region_code": str(raw.get("region", "")),
            "parent_code": parent
            if parent != raw.get("code") or commune_kind != Commune.Kind.COMMUNE
            else "",
            "siren": raw.get("siren") or "",
            "postal_codes": sorted(raw.get("codesPostaux") or []),
            "population": _int(raw.get("population")),
            "population_year": None,
            "area_km2": None,
            "latitude": None,
            "longitude": None,
        }
    else:
        commune_kind = CSV_COMMUNE_KIND.get(raw.get("commune_type", "COM") or "COM")
        if commune_kind is None:
            raise ValueError(f"type de commune « {raw.get('commune_type')} » inconnu")
        row = {
            "code": raw.get("insee_com", ""),
            "kind": commune_kind,
            "name": raw.get("commune_article") or raw.get("commune") or "",
            "departement_code": raw.get("insee_dep", ""),
            "region_code": raw.get("insee_reg", ""),
            "parent_code": raw.get("insee_parente", ""),
            "siren": "",
            "postal_codes": [raw["code_postal"]] if raw.get("code_postal") else [],
            "population": _int(raw.get("population_2021")),
            "population_year": 2021 if raw.get("population_2021") else None,
            "area_km2": _decimal(raw.get("superficie_km2")),
            "latitude": _float(raw.get("lat")),
            "longitude": _float(raw.get("lng")),
        }
    if not COMMUNE_CODE.match(row["code"]):
        raise ValueError(f"code INSEE « {row['code']} » invalide")
    if not row["name"]:
        raise ValueError("nom de commune manquant")
    if row["latitude"] is not None and not -90 <= row["latitude"] <= 90:
        raise ValueError(f"latitude {row['latitude']} hors limites")
    if row["longitude"] is not None and not -180 <= row["longitude"] <= 180:
        raise ValueError(f"longitude {row['longitude']} hors limites")
    return row


# ---------------------------------------------------------------------------------------------
# Writing: upsert in bulk, never overwriting a known value with "unknown" from a poorer source.


def _upsert(
    model, key_fields: tuple[str, ...], rows: dict[tuple, dict], counts: Counts
) -> dict[tuple, object]:
    existing = {
        tuple(getattr(obj, f) for f in key_fields): obj
        for obj in model.objects.filter(cog_year__in={k[-1] for k in rows})
    }
    to_create, to_update, update_fields = [], [], set()
    for key, values in rows.items():
        obj = existing.get(key)
        if obj is None:
            obj = model(**dict(zip(key_fields, key, strict=True)), **values)
            to_create.append(obj)
            existing[key] = obj
            continue
        changed = False
        for name, value in values.items():
            if value is None or value == "" and name != "parent_id":
                continue
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                update_fields.add(name)
                changed = True
        if changed:
            to_update.append(obj)
        else:
            counts.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        model.objects.bulk_update(to_update, sorted(update_fields), batch_size=BATCH)
    counts.created += len(to_create)
    counts.updated += len(to_update)
    return existing


def import_territories(paths: list[Path], cog_year: int, population_year: int | None = None) -> ImportReport:
    report = ImportReport()
    files: dict[str, list[Path]] = defaultdict(list)
    for path in paths:
        candidates = (
            sorted(p for p in path.iterdir() if p.suffix.lower() in (".json", ".csv"))
            if path.is_dir()
            else [path]
        )
        for candidate in candidates:
            if not candidate.exists():
                report.error(str(candidate), None, "fichier introuvable")
                continue
            kind = detect(candidate)
            if kind is None:
                if not path.is_dir():
                    report.error(
                        candidate.name,
                        None,
                        "format non reconnu (ni découpage administratif Etalab, ni CSV INSEE)",
                    )
                continue
            if kind in IGNORED_KINDS:
                report.files.append((candidate.name, IGNORED_KINDS[kind]))
                continue
            files[kind].append(candidate)
            report.files.append((candidate.name, kind))

    with transaction.atomic():
        regions = _import_simple(files["regions"], "regions", Region, ("code", "cog_year"), cog_year, report)
        region_by_code = {k[0]: obj for k, obj in regions.items()} or {
            r.code: r for r in Region.objects.filter(cog_year=cog_year)
        }
        depts = _import_departements(files["departements"], cog_year, region_by_code, report)
        epci_members = _import_epci(files["epci"], cog_year, report)
        _import_communes(
            files["communes"], cog_year, population_year, depts, region_by_code, epci_members, report
        )
    return report


def _records(paths: list[Path], kind: str, report: ImportReport):
    for path in paths:
        is_json = path.suffix.lower() == ".json"
        try:
            for line, raw in read_rows(path, kind):
                try:
                    if not isinstance(raw, dict):
                        raise ValueError("enregistrement illisible")
                    yield normalise(kind, raw, is_json)
                except ValueError as error:
                    report.counts[kind].skipped += 1
                    report.error(path.name, line, str(error))
        except (ValueError, json.JSONDecodeError, UnicodeDecodeError, csv.Error) as error:
            report.error(path.name, None, f"fichier illisible ({error})")


def _import_simple(paths, kind, model, key_fields, cog_year, report):
    rows: dict[tuple, dict] = {}
    for row in _records(paths, kind, report):
        code = row.pop("code")
        rows.setdefault((code, cog_year), {}).update({k: v for k, v in row.items() if v not in (None, "")})
    return _upsert(model, key_fields, rows, report.counts[kind]) if rows else {}


def _import_departements(paths, cog_year, region_by_code, report):
    rows: dict[tuple, dict] = {}
    for row in _records(paths, "departements", report):
        region = region_by_code.get(row.pop("region_code"))
        if region is None:
            report.counts["departements"].skipped += 1
            report.error(
                "départements", None, f"{row['code']} : région inconnue pour le millésime {cog_year}"
            )
            continue
        code = row.pop("code")
        row["region_id"] = region.pk
        rows.setdefault((code, cog_year), {}).update({k: v for k, v in row.items() if v not in (None, "")})
    if rows:
        _upsert(Departement, ("code", "cog_year"), rows, report.counts["departements"])
    return {d.code: d for d in Departement.objects.filter(cog_year=cog_year)}


def _import_epci(paths, cog_year, report) -> dict[str, int]:
    rows: dict[tuple, dict] = {}
    members: dict[str, str] = {}
    for row in _records(paths, "epci", report):
        for code in row.pop("members"):
            members[code] = row["siren"]
        siren = row.pop("siren")
        rows[(siren, cog_year)] = row
    if not rows:
        return {}
    _upsert(Epci, ("siren", "cog_year"), rows, report.counts["epci"])
    epci_pk = dict(Epci.objects.filter(cog_year=cog_year).values_list("siren", "pk"))
    return {code: epci_pk[siren] for code, siren in members.items()}


def _departement_of(code: str) -> str:
    return code[:3] if code.startswith("97") else code[:2]


def _import_communes(paths, cog_year, population_year, depts, region_by_code, epci_members, report):
    rows: dict[tuple, dict] = {}
    parents: dict[tuple, str] = {}
    for row in _records(paths, "communes", report):
        # Delegated communes of the INSEE file come without département and region: they are those
        # of the code's prefix.
        dept = depts.get(row.pop("departement_code") or _departement_of(row["code"]))
        region = region_by_code.get(row.pop("region_code")) or (dept.region if dept else None)
        if dept is None or region is None:
            report.counts["communes"].skipped += 1
            report.error(
                "communes",
                None,
                f"{row['code']} {row['name']} : département ou région inconnu pour le millésime {cog_year}",
            )
            continue
        key = (row.pop("code"), row.pop("kind"), cog_year)
        parent_code = row.pop("parent_code")
        if parent_code:
            parents[key] = parent_code
        row["departement_id"] = dept.pk
        row["region_id"] = region.pk
        if key[1] == Commune.Kind.COMMUNE and key[0] in epci_members:
            row["epci_id"] = epci_members[key[0]]
        row["search_name"] = fold(row["name"])
        if row["population"] is not None and row["population_year"] is None:
            row["population_year"] = population_year
        merged = rows.setdefault(key, {"postal_codes": []})
        codes = sorted(set(merged["postal_codes"]) | set(row.pop("postal_codes")))
        merged.update({k: v for k, v in row.items() if v not in (None, "")})
        merged["postal_codes"] = codes
    if not rows and not epci_members:
        return
    for values in rows.values():
        values["postal_codes"] = " ".join(values["postal_codes"])
        if not values["postal_codes"]:
            del values["postal_codes"]
    counts = report.counts["communes"]
    existing = _upsert(Commune, ("code", "kind", "cog_year"), rows, counts) if rows else {}

    # Second pass: links that need every commune to exist (parent, EPCI).
    if not existing:
        existing = {(c.code, c.kind, c.cog_year): c for c in Commune.objects.filter(cog_year=cog_year)}
    main_by_code = {key[0]: obj for key, obj in existing.items() if key[1] == Commune.Kind.COMMUNE}
    relinked = []
    for key, obj in existing.items():
        changed = False
        if key in parents:
            parent = main_by_code.get(parents[key])
            if parent is not None and parent.pk != obj.pk and obj.parent_id != parent.pk:
                obj.parent_id = parent.pk
                changed = True
        if key[1] == Commune.Kind.COMMUNE and key[0] in epci_members and obj.epci_id != epci_members[key[0]]:
            obj.epci_id = epci_members[key[0]]
            changed = True
        if changed:
            relinked.append(obj)
    if relinked:
        Commune.objects.bulk_update(relinked, ["parent", "epci"], batch_size=BATCH)
