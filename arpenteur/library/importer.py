"""Import of the catalogue from CSV or JSON, with a line-by-line report.

The file uses the columns of `columns.CATALOGUE_COLUMNS` (what the `.csv` / `.json` twins and the
export produce), so exporting then importing changes nothing. Each line is matched on its
`identifiant` (made from the title and structure when missing): a new one is created, a known one
updated, an identical one skipped as « déjà à jour », a bad one skipped with the reason in French.
Lines are independent: one bad line never stops the others. Importing the same file twice creates
nothing the second time.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from arpenteur.territories.models import Commune, Departement, Epci, Region

from .columns import COLUMN_KEYS
from .models import Item, ItemType, Kind, Licence, ProjectType, TerritoryLevel, Theme
from .search import fold, index_items, refresh_statistics

CREATED, UPDATED, SKIPPED = "creee", "mise-a-jour", "ignoree"
MAX_LINES = 200_000


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, format, missing columns)."""


@dataclass
class LineReport:
    line: int
    status: str
    reference: str = ""
    title: str = ""
    messages: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    lines: list[LineReport] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)

    @property
    def created(self) -> int:
        return self.count(CREATED)

    @property
    def updated(self) -> int:
        return self.count(UPDATED)

    @property
    def skipped(self) -> int:
        return self.count(SKIPPED)

    def as_rows(self) -> list[dict]:
        return [asdict(line) for line in self.lines]


class _LineError(Exception):
    pass


# --- Reading ---------------------------------------------------------------------------------------


def read_rows(content: str | bytes, fmt: str) -> list[tuple[int, dict[str, Any]]]:
    """(line number, row) pairs from a CSV or JSON text; raises ImportFileError with a French message."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                content = content.decode("cp1252")
            except UnicodeDecodeError:
                raise ImportFileError(_("Le fichier n'est ni en UTF-8 ni en Windows-1252.")) from None
    content = content.lstrip("\ufeff")
    if fmt == "json":
        return _read_json(content)
    if fmt == "csv":
        return _read_csv(content)
    raise ImportFileError(_("Format inconnu : choisissez CSV ou JSON."))


def _read_json(content: str):
    try:
        data = json.loads(content)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            _("Le JSON est mal formé (ligne %(line)s, colonne %(col)s).")
            % {"line": error.lineno, "col": error.colno}
        ) from None
    if isinstance(data, dict):
        data = data.get("results", data.get("fiches"))
    if not isinstance(data, list):
        raise ImportFileError(
            _("Le JSON doit être une liste de fiches, ou un objet avec une clé « results ».")
        )
    rows = []
    for index, row in enumerate(data[:MAX_LINES], start=1):
        rows.append(
            (index, {_key(k): v for k, v in row.items()} if isinstance(row, dict) else {"__bad__": row})
        )
    return rows


def _read_csv(content: str):
    first_line = content.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(_("Le fichier est vide.")) from None
    except csv.Error as error:
        raise ImportFileError(_("Le CSV est illisible : %(error)s") % {"error": error}) from None
    keys = [_key(name) for name in header]
    if "titre" not in keys:
        raise ImportFileError(
            _("La première ligne doit nommer les colonnes, dont « titre ». Colonnes attendues : %(cols)s.")
            % {"cols": ", ".join(COLUMN_KEYS)}
        )
    rows = []
    try:
        for values in reader:
            if len(rows) >= MAX_LINES:
                break
            if not any(value.strip() for value in values):
                continue
            row = dict(zip(keys, values, strict=False))
            if len(values) > len(keys):
                row["__extra__"] = values[len(keys) :]
            rows.append((reader.line_num, row))
    except csv.Error as error:
        raise ImportFileError(
            _("Le CSV est illisible vers la ligne %(line)s : %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None
    return rows


def _key(name: Any) -> str:
    return fold(str(name)).replace(" ", "_")


# --- Cleaning one line ----------------------------------------------------------------------------


def _text(row, key, max_length=None) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, list):
        value = " | ".join(str(v) for v in value)
    text = str(value).strip()
    # Undo the CSV-injection guard of our own exports (a quote before =, +, -, @).
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    if max_length and len(text) > max_length:
        raise _LineError(_("« %(col)s » dépasse %(max)s caractères.") % {"col": key, "max": max_length})
    return text


def _list(row, key) -> list[str]:
    value = row.get(key)
    if value is None or value == "":
        return []
    parts = value if isinstance(value, list) else str(value).replace(";", "|").split("|")
    return [str(part).strip() for part in parts if str(part).strip()]


def _choice(value: str, choices, column: str, *, default: str = "") -> str:
    if not value:
        return default
    wanted = fold(value)
    for choice_value, label in choices:
        if wanted in (fold(choice_value), fold(str(label))):
            return choice_value
    raise _LineError(
        _("« %(value)s » n'est pas une valeur possible de « %(col)s » (valeurs : %(values)s).")
        % {"value": value, "col": column, "values": ", ".join(v for v, _l in choices if v)}
    )


def _int(value: str, column: str, low: int, high: int) -> int | None:
    if value in ("", None):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise _LineError(
            _("« %(col)s » doit être un nombre entier, pas « %(value)s ».") % {"col": column, "value": value}
        ) from None
    if not low <= number <= high:
        raise _LineError(
            _("« %(col)s » doit être entre %(low)s et %(high)s.") % {"col": column, "low": low, "high": high}
        )
    return number


def _float(value: str, column: str, low: float, high: float) -> float | None:
    if value in ("", None):
        return None
    try:
        number = float(str(value).replace(",", ".").strip())
    except ValueError:
        raise _LineError(
            _("« %(col)s » doit être un nombre, pas « %(value)s ».") % {"col": column, "value": value}
        ) from None
    if not low <= number <= high:
        raise _LineError(
            _("« %(col)s » doit être entre %(low)s et %(high)s.") % {"col": column, "low": low, "high": high}
        )
    return number


def _decimal(value: str, column: str) -> Decimal | None:
    if value in ("", None):
        return None
    cleaned = (
        str(value)
        .replace("€", "")
        .replace("\u202f", "")
        .replace("\u00a0", "")
        .replace(" ", "")
        .replace(",", ".")
    )
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise _LineError(
            _("« %(col)s » doit être un montant, pas « %(value)s ».") % {"col": column, "value": value}
        ) from None
    if number < 0 or number >= Decimal("10000000000"):
        raise _LineError(_("« %(col)s » est hors des bornes.") % {"col": column})
    return number.quantize(Decimal("0.01"))


class _Lookups:
    """Caches of themes and territories, so a 100 000-line file does not query per line."""

    def __init__(self):
        self.themes = {}
        for theme in Theme.objects.all():
            self.themes[fold(theme.slug)] = theme
            self.themes[fold(theme.name)] = theme
        self.regions = {}
        for region in Region.objects.order_by("cog_year"):
            self.regions[region.code] = region  # the latest vintage wins
        self._communes: dict[tuple[str, int | None], Commune | None] = {}

    def commune(self, code: str, cog_year: int | None) -> Commune | None:
        key = (code, cog_year)
        if key not in self._communes:
            queryset = Commune.objects.select_related("region").filter(code=code, kind=Commune.Kind.COMMUNE)
            if cog_year:
                queryset = queryset.filter(cog_year=cog_year)
            self._communes[key] = queryset.order_by("-cog_year").first()
        return self._communes[key]


def clean_row(row: dict[str, Any], lookups: _Lookups) -> tuple[dict[str, Any], list[Theme], list[str]]:
    """The model values of one line, its themes and its warnings; raises _LineError when unusable."""
    if "__bad__" in row:
        raise _LineError(_("La fiche n'est pas un objet JSON."))
    if row.get("__extra__"):
        raise _LineError(_("La ligne a plus de colonnes que l'en-tête (un point-virgule en trop ?)."))
    warnings: list[str] = []
    title = _text(row, "titre", 300)
    if not title:
        raise _LineError(_("Le titre est obligatoire."))
    kind = _choice(_text(row, "nature"), Kind.choices, "nature", default=Kind.RESOURCE)
    default_type = ItemType.INITIATIVE if kind == Kind.EXPERIENCE else ""
    item_type = _choice(_text(row, "type"), ItemType.choices, "type", default=default_type)
    if not item_type:
        raise _LineError(_("Le type est obligatoire pour une ressource (guide, rapport, livre…)."))
    if kind == Kind.EXPERIENCE and item_type != ItemType.INITIATIVE:
        raise _LineError(_("Une expérience est de type « initiative »."))
    structure = _text(row, "structure", 200)
    reference = _text(row, "identifiant", 120)
    if reference and slugify(reference) != reference:
        raise _LineError(
            _(
                "L'identifiant ne doit contenir que des lettres minuscules sans accent, des chiffres et des tirets."
            )
        )
    reference = reference or slugify(f"{title} {structure}")[:120].strip("-") or "fiche"

    themes = []
    for name in _list(row, "thematiques"):
        theme = lookups.themes.get(fold(name))
        if theme is None:
            raise _LineError(_("Thématique inconnue : « %(name)s ».") % {"name": name})
        if theme not in themes:
            themes.append(theme)

    links = []
    for url in _list(row, "liens"):
        if not url.startswith(("https://", "http://")):
            raise _LineError(
                _("Lien refusé (seuls http:// et https:// sont acceptés) : « %(url)s ».") % {"url": url[:80]}
            )
        links.append({"url": url[:500]})

    cog_year = _int(_text(row, "cog"), "cog", 1943, 2100)
    level = _choice(_text(row, "echelle"), TerritoryLevel.choices, "echelle", default="")
    code = _text(row, "code_territoire", 9)
    territory_name = _text(row, "territoire", 200)
    region_code = _text(row, "region", 3)
    region = None
    if region_code:
        region = lookups.regions.get(region_code)
        if region is None:
            raise _LineError(_("Code région inconnu : « %(code)s ».") % {"code": region_code})
    latitude = _float(_text(row, "latitude"), "latitude", -90, 90)
    longitude = _float(_text(row, "longitude"), "longitude", -180, 180)
    if (latitude is None) != (longitude is None):
        raise _LineError(_("La latitude et la longitude vont ensemble."))
    if code and (level or TerritoryLevel.COMMUNE) == TerritoryLevel.COMMUNE:
        commune = lookups.commune(code, cog_year)
        if commune is None:
            raise _LineError(
                _("Code INSEE inconnu : « %(code)s »%(year)s. Vérifiez le code ou le millésime du COG.")
                % {"code": code, "year": f" (COG {cog_year})" if cog_year else ""}
            )
        level = TerritoryLevel.COMMUNE
        territory_name = territory_name or commune.name
        region = region or commune.region
        cog_year = cog_year or commune.cog_year
        if latitude is None and commune.latitude is not None:
            latitude, longitude = commune.latitude, commune.longitude
    elif code and level == TerritoryLevel.DEPARTEMENT:
        departement = (
            Departement.objects.select_related("region").filter(code=code).order_by("-cog_year").first()
        )
        if departement is None:
            raise _LineError(_("Code de département inconnu : « %(code)s ».") % {"code": code})
        territory_name = territory_name or departement.name
        region = region or departement.region
    elif code and level == TerritoryLevel.EPCI:
        if not Epci.objects.filter(siren=code).exists():
            warnings.append(
                _("SIREN d'EPCI absent du référentiel : « %(code)s » (gardé tel quel).") % {"code": code}
            )
    elif code and level == TerritoryLevel.REGION:
        region = region or lookups.regions.get(code)
        if region is None:
            raise _LineError(_("Code région inconnu : « %(code)s ».") % {"code": code})
        territory_name = territory_name or region.name

    year_start = _int(_text(row, "annee_debut"), "annee_debut", 1800, 2100)
    year_end = _int(_text(row, "annee_fin"), "annee_fin", 1800, 2100)
    if year_start and year_end and year_end < year_start:
        raise _LineError(_("L'année de fin précède l'année de début."))

    values = {
        "kind": kind,
        "reference": reference,
        "title": title,
        "author": _text(row, "auteur", 300),
        "structure": structure,
        "summary": _text(row, "resume"),
        "item_type": item_type,
        "project_type": _choice(_text(row, "type_projet"), ProjectType.choices, "type_projet"),
        "territory_level": level or (TerritoryLevel.REGION if region else TerritoryLevel.NATIONAL),
        "territory_code": code,
        "territory_name": territory_name,
        "cog_year": cog_year,
        "region": region,
        "latitude": latitude,
        "longitude": longitude,
        "year_start": year_start,
        "year_end": year_end,
        "links": links,
        "licence": _choice(_text(row, "licence"), Licence.choices, "licence"),
        "source_name": _text(row, "source", 200),
        "source_url": _text(row, "source_url", 500),
        "porteur": _text(row, "porteur", 200),
        "budget": _decimal(_text(row, "budget"), "budget"),
        "duration": _text(row, "duree", 100),
        "lessons": _text(row, "enseignements"),
        "objectives": _text(row, "objectifs"),
        "instructors": _text(row, "intervenants", 300),
    }
    if _text(row, "publiee"):
        flag = fold(_text(row, "publiee"))
        if flag not in ("oui", "non", "true", "false", "1", "0"):
            raise _LineError(_("« publiee » vaut oui ou non."))
        values["is_published"] = flag in ("oui", "true", "1")
    if values["source_url"] and not values["source_url"].startswith(("https://", "http://")):
        raise _LineError(_("L'adresse de la source doit commencer par http:// ou https://."))
    return values, themes, warnings


def _same(item: Item, values: dict, themes: list[Theme]) -> bool:
    for name, value in values.items():
        current = getattr(item, name)
        if name == "region":
            if (current.pk if current else None) != (value.pk if value else None):
                return False
        elif isinstance(value, float) and current is not None:
            if abs(current - value) > 1e-9:
                return False
        elif current != value:
            return False
    return {t.pk for t in item.themes.all()} == {t.pk for t in themes}


# --- Importing --------------------------------------------------------------------------------------


def import_rows(rows: list[tuple[int, dict]], *, dry_run: bool = False, progress=None) -> ImportReport:
    """Apply parsed lines to the catalogue; returns the report. With dry_run nothing is written."""
    report = ImportReport()
    lookups = _Lookups()
    seen: dict[str, int] = {}
    touched: list[int] = []
    references = [
        _text(row, "identifiant") for _n, row in rows if isinstance(row, dict) and _text(row, "identifiant")
    ]
    existing = {
        item.reference: item
        for item in Item.objects.filter(reference__in=references).prefetch_related("themes")
    }
    with transaction.atomic():
        for index, (line, row) in enumerate(rows):
            entry = LineReport(line=line, status=SKIPPED)
            report.lines.append(entry)
            try:
                values, themes, warnings = clean_row(row, lookups)
            except _LineError as error:
                entry.title = str(row.get("titre", ""))[:120] if isinstance(row, dict) else ""
                entry.messages.append(str(error))
                continue
            entry.reference, entry.title, entry.messages = values["reference"], values["title"], warnings
            if values["reference"] in seen:
                entry.messages.append(
                    _("Identifiant déjà présent plus haut dans le fichier (ligne %(line)s).")
                    % {"line": seen[values["reference"]]}
                )
                continue
            seen[values["reference"]] = line
            item = existing.get(values["reference"])
            if item is None and not _text(row, "identifiant"):
                item = Item.objects.filter(reference=values["reference"]).prefetch_related("themes").first()
            if item is not None:
                # The exchange format carries link addresses only: keep the labels typed in the admin.
                labels = {link.get("url"): link.get("label") for link in item.safe_links if link.get("label")}
                values["links"] = [
                    {**link, "label": labels[link["url"]]} if link["url"] in labels else link
                    for link in values["links"]
                ]
            if item is not None and item.kind != values["kind"]:
                entry.messages.append(_("Cet identifiant désigne déjà une fiche d'une autre nature."))
                continue
            if item is not None and _same(item, values, themes):
                entry.messages.append(_("Déjà à jour."))
                continue
            entry.status = UPDATED if item is not None else CREATED
            if dry_run:
                continue
            if item is None:
                item = Item(**values)
            else:
                for name, value in values.items():
                    setattr(item, name, value)
            item.save()
            item.themes.set(themes)
            touched.append(item.pk)
            if progress and index % 500 == 0:
                progress(index, len(rows))
        if touched:
            index_items(touched)
    if touched:
        refresh_statistics()  # the catalogue may have grown a lot: keep the search's plans right
    return report


def import_file(content: str | bytes, fmt: str, *, dry_run: bool = False, progress=None) -> ImportReport:
    return import_rows(read_rows(content, fmt), dry_run=dry_run, progress=progress)
