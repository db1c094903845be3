"""The open-data package of a residency: a Frictionless data package in a ZIP.

datapackage.json (one Table Schema per CSV resource), CSV tables (UTF-8, comma-separated, as the
Frictionless defaults expect), GeoJSON layers, a README and the LICENSE. Built only from the
allow-list of publishable content (`content.py`): material with publication consent, the
publishable diagnosis, the roadmap and the programme.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from .content import (
    collect,
    material_public_row,
    publishable_materials,
    speaker_labels,
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return " | ".join(str(v) for v in value)
    text = str(value)
    # Neutralise spreadsheet formulas (CSV injection); a leading quote keeps the text readable.
    if text[:1] in ("=", "+", "-", "@") and not _is_number(text):
        text = "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv(fields: list[dict], rows: Iterable[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f["name"] for f in fields])
    for row in rows:
        writer.writerow([_cell(row.get(f["name"])) for f in fields])
    return out.getvalue().encode("utf-8")


def F(name: str, type_: str, title: str, description: str = "", **constraints) -> dict:  # noqa: N802
    field = {"name": name, "type": type_, "title": title}
    if description:
        field["description"] = description
    if constraints:
        field["constraints"] = constraints
    return field


MATERIAL_FIELDS = [
    F("id", "integer", "Identifiant", required=True, unique=True),
    F("nature", "string", "Nature du matériau"),
    F("titre", "string", "Titre"),
    F("texte", "string", "Texte publié"),
    F("date", "date", "Date de recueil"),
    F("lieu", "string", "Lieu"),
    F("latitude", "number", "Latitude (WGS 84)", minimum=-90, maximum=90),
    F("longitude", "number", "Longitude (WGS 84)", minimum=-180, maximum=180),
    F("acteurs", "string", "Acteurs, par leur nom public ou leur catégorie"),
    F("photo", "boolean", "A une photo publiée"),
]
SESSION_FIELDS = [
    F("titre", "string", "Temps sur site"),
    F("debut", "date", "Premier jour"),
    F("fin", "date", "Dernier jour"),
    F("lieu", "string", "Lieu"),
    F("latitude", "number", "Latitude (WGS 84)"),
    F("longitude", "number", "Longitude (WGS 84)"),
]
FINDING_FIELDS = [
    F("id", "integer", "Identifiant", required=True, unique=True),
    F("constat", "string", "Constat", required=True),
    F("developpement", "string", "Développement"),
    F("ffom", "string", "Catégorie FFOM (force, faiblesse, opportunité, menace)"),
    F("nature", "string", "Nature du constat"),
    F("axe", "string", "Axe de travail"),
]
ENJEU_FIELDS = [
    F("id", "integer", "Identifiant", required=True, unique=True),
    F("enjeu", "string", "Enjeu", required=True),
    F("developpement", "string", "Développement"),
    F("axe", "string", "Axe de travail"),
    F("constats", "string", "Identifiants des constats dont il découle, séparés par « | »"),
]
ACTION_FIELDS = [
    F("axe", "string", "Axe de la feuille de route"),
    F("action", "string", "Action (fiche action)", required=True),
    F("description", "string", "Description"),
    F("details", "string", "Porteur, calendrier, priorité… (« libellé : valeur » séparés par « | »)"),
]


def _feature_collection(rows: Iterable[dict], properties: list[str]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(r["longitude"], 6), round(r["latitude"], 6)],
                },
                "properties": {p: _json_value(r.get(p)) for p in properties},
            }
            for r in rows
            if r.get("latitude") is not None and r.get("longitude") is not None
        ],
    }


def _places_collection(places: list[dict]) -> dict:
    """Places of the published actions as RFC 7946 features: [longitude, latitude], closed rings."""
    features = []
    for place in places:
        positions = [[round(lon, 6), round(lat, 6)] for lat, lon in place["coords"]]
        if place["kind"] == "polygon" and len(positions) >= 3:
            if positions[0] != positions[-1]:
                positions.append(positions[0])
            geometry = {"type": "Polygon", "coordinates": [positions]}
        elif place["kind"] == "line" and len(positions) >= 2:
            geometry = {"type": "LineString", "coordinates": positions}
        elif positions:
            geometry = {"type": "Point", "coordinates": positions[0]}
        else:
            continue
        features.append({"type": "Feature", "geometry": geometry, "properties": {"action": place["label"]}})
    return {"type": "FeatureCollection", "features": features}


def _json_value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def iter_material_rows(residency, chunk: int = 1000):
    """Publishable material as rows, in chunks so that 5,000 items stay cheap."""
    qs = publishable_materials(residency)
    if qs is None:
        return
    ids = list(qs.order_by("captured_at", "pk").values_list("pk", flat=True))
    model = qs.model
    for start in range(0, len(ids), chunk):
        batch_ids = ids[start : start + chunk]
        labels = speaker_labels(batch_ids)
        batch = model.objects.filter(pk__in=batch_ids).order_by("captured_at", "pk")
        for m in batch.only(
            "pk", "kind", "title", "body", "captured_at", "place_label", "latitude", "longitude", "file"
        ):
            row = material_public_row(m, labels)
            yield {
                "id": row["id"],
                "nature": row["kind_label"],
                "titre": row["title"],
                "texte": row["text"],
                "date": row["captured_on"],
                "lieu": row["place"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "acteurs": row["speakers"],
                "photo": row["has_image"],
            }


def build_datapackage(residency) -> bytes:
    content = collect(residency, include_excluded_sections=True)
    meta = content.meta
    licence = meta["licence"]
    name = slugify(f"residence-{meta['commune']}-{meta['insee']}-{meta['pk']}")
    resources: list[dict] = []
    files: dict[str, bytes] = {}

    def table(path: str, title: str, fields: list[dict], rows: list[dict] | Iterable[dict], description=""):
        files[path] = _csv(fields, rows)
        schema: dict = {"fields": fields}
        if any(f["name"] == "id" for f in fields):
            schema["primaryKey"] = ["id"]
        resources.append(
            {
                "name": path.rsplit("/", 1)[-1].split(".")[0].replace("_", "-"),
                "path": path,
                "title": title,
                "description": description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": schema,
            }
        )

    def layer(path: str, title: str, collection: dict):
        files[path] = json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")
        resources.append(
            {
                "name": path.rsplit("/", 1)[-1].split(".")[0].replace("_", "-") + "-geo",
                "path": path,
                "title": title,
                "format": "geojson",
                "mediatype": "application/geo+json",
                "encoding": "utf-8",
                "profile": "data-resource",
            }
        )

    sessions = content.section("deroule").data["sessions"] if content.section("deroule") else []
    table(
        "data/temps_sur_site.csv",
        "Programme de la résidence",
        SESSION_FIELDS,
        [
            {
                "titre": s["title"],
                "debut": s["start"],
                "fin": s["end"],
                "lieu": s["place"],
                "latitude": s["latitude"],
                "longitude": s["longitude"],
            }
            for s in sessions
        ],
    )
    layer(
        "data/temps_sur_site.geojson",
        "Programme de la résidence (carte)",
        _feature_collection(
            [{**s, "titre": s["title"]} for s in sessions], ["titre", "start", "end", "place"]
        ),
    )
    if "fieldwork" not in content.absent_sources:
        materials = list(iter_material_rows(residency))
        table(
            "data/materiau.csv",
            "Matériau de terrain publiable",
            MATERIAL_FIELDS,
            materials,
            "Notes, récits, citations et photos dont les personnes concernées ont accepté la publication.",
        )
        layer(
            "data/materiau.geojson",
            "Matériau de terrain publiable (carte)",
            _feature_collection(materials, ["id", "nature", "titre", "date", "lieu"]),
        )
    diagnostic = content.section("diagnostic")
    if diagnostic and diagnostic.available:
        table(
            "data/constats.csv",
            "Constats du diagnostic partagé",
            FINDING_FIELDS,
            [
                {
                    "id": f["id"],
                    "constat": f["title"],
                    "developpement": f["description"],
                    "ffom": f["swot_label"],
                    "nature": f["nature_label"],
                    "axe": f["axis"],
                }
                for f in diagnostic.data["findings"] or []
            ],
        )
        table(
            "data/enjeux.csv",
            "Enjeux",
            ENJEU_FIELDS,
            [
                {
                    "id": e["id"],
                    "enjeu": e["title"],
                    "developpement": e["description"],
                    "axe": e["axis"],
                    "constats": e["finding_ids"],
                }
                for e in diagnostic.data["enjeux"] or []
            ],
        )
    roadmap = content.section("feuille_de_route")
    if roadmap and roadmap.available and roadmap.data.get("axes") is not None:
        table(
            "data/actions.csv",
            "Feuille de route : actions",
            ACTION_FIELDS,
            [
                {
                    "axe": axis["title"],
                    "action": a["title"],
                    "description": a.get("description", ""),
                    "details": [f"{label} : {value}" for label, value in a.get("facts", [])],
                }
                for axis in roadmap.data["axes"]
                for a in axis["actions"]
            ],
        )

    places = (roadmap.data.get("places") or []) if roadmap and roadmap.available else []
    if places:
        layer(
            "data/actions.geojson", "Feuille de route : lieux des actions (carte)", _places_collection(places)
        )

    descriptor = {
        "profile": "data-package",
        "name": name,
        "title": f"{meta['title']} — données ouvertes",
        "description": (
            f"Données publiables de la résidence territoriale de {meta['commune']} "
            f"(code Insee {meta['insee']}, COG {meta['cog_year']}), du {meta['start']:%d/%m/%Y} au {meta['end']:%d/%m/%Y}."
        ),
        "keywords": ["résidence territoriale", meta["commune"], meta["insee"]],
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "licenses": [{"name": licence["spdx"], "path": licence["url"], "title": licence["title"]}],
        "contributors": [{"title": team, "role": "author"} for team in meta["team"]],
        "sources": [
            {"title": "Arpenteur"},
            {"title": f"Insee, Code officiel géographique {meta['cog_year']}"},
        ],
        "resources": resources,
    }
    readme = _readme(meta, resources)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            f"{name}/datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=1, default=str)
        )
        for path, data in files.items():
            archive.writestr(f"{name}/{path}", data)
        archive.writestr(f"{name}/README.md", readme)
        archive.writestr(f"{name}/LICENSE", _licence_text(meta))
    return out.getvalue()


def _readme(meta: dict, resources: list[dict]) -> str:
    lines = [
        f"# {meta['title']} — données ouvertes",
        "",
        f"Résidence territoriale de {meta['commune']} (code Insee {meta['insee']}, COG {meta['cog_year']}), "
        f"du {meta['start']:%d/%m/%Y} au {meta['end']:%d/%m/%Y}.",
        "",
        "Ce paquet suit la spécification Frictionless Data Package : `datapackage.json` décrit chaque fichier et",
        "le schéma de chaque table. Il ne contient que ce qui est publiable : le matériau dont les personnes",
        "concernées ont accepté la publication, le diagnostic et la feuille de route marqués publiables.",
        "Les personnes ne sont jamais nommées ; les acteurs apparaissent par leur nom public ou leur catégorie.",
        "",
        "## Fichiers",
        "",
        *[f"- `{r['path']}` — {r['title']}" for r in resources],
        "",
        "## Licence",
        "",
        f"{meta['licence']['title']} — {meta['licence']['url']}",
        "",
    ]
    return "\n".join(lines)


def _licence_text(meta: dict) -> str:
    licence = meta["licence"]
    team = ", ".join(meta["team"]) or "l’équipe de la résidence"
    return (
        f"{licence['title']}\n{licence['url']}\n\n"
        f"Producteur : {team}, pour la résidence « {meta['title']} » ({meta['commune']}).\n"
        f"Date de dernière mise à jour : {meta['generated_on']:%d/%m/%Y}.\n\n"
        "Vous pouvez réutiliser ces données et documents, y compris commercialement, en citant la source "
        "(le producteur) et la date de dernière mise à jour"
        + (", et en partageant vos modifications sous la même licence" if "SA" in licence["spdx"] else "")
        + ".\n"
    )
