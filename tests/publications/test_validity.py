"""The outputs pass the tools people will open them with: the PDF passes `pdfinfo`, its fonts are
embedded (`pdffonts`) and its text extracts with `pdftotext`; the cahier has every section the
issue lists; the ODT opens in LibreOffice headless; the data package passes `frictionless
validate`; every GeoJSON layer follows RFC 7946.

The external tools come from Debian packages (poppler-utils, libreoffice-writer-nogui) that CI
installs; when one is missing the test says so and is skipped rather than silently passing.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from arpenteur.publications.content import collect
from arpenteur.publications.opendata import build_datapackage
from arpenteur.publications.render import _context, render_cahier_odt, render_cahier_pdf
from tests.tools import missing_tool

pytestmark = pytest.mark.django_db


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        missing_tool(f"{name} n’est pas installé (paquet Debian poppler-utils ou libreoffice-writer-nogui)")
    return path


def run(*args, **kwargs) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=180, **kwargs).stdout


@pytest.fixture
def cahier(rich, tmp_path):
    residency, _markers = rich
    path = tmp_path / "cahier.pdf"
    path.write_bytes(render_cahier_pdf(collect(residency)))
    return residency, path


def test_the_cahier_passes_pdfinfo_with_metadata_language_and_a4_pages(cahier):
    residency, path = cahier
    info = run(tool("pdfinfo"), str(path))
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    fields = {k.strip(): v.strip() for k, v in fields.items()}
    assert fields["Title"].startswith(residency.title)
    assert "Collectif Lisière" in fields["Author"]
    assert fields["Creator"] and fields["Producer"]
    assert "(A4)" in fields["Page size"]
    assert int(fields["Pages"]) >= 12
    assert fields["Tagged"] == "yes"
    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_every_font_of_the_cahier_is_embedded(cahier):
    _residency, path = cahier
    rows = run(tool("pdffonts"), str(path)).splitlines()[2:]
    assert rows, "aucune police"
    for row in rows:
        # columns: name type encoding emb sub uni object ID
        assert re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", row), f"police non incorporée : {row}"


def test_the_cahier_has_every_section_of_the_issue(cahier):
    residency, path = cahier
    text = run(tool("pdftotext"), "-layout", str(path), "-")
    pages = text.split("\f")
    flat = re.sub(r"\s+", " ", text)
    cover = re.sub(r"\s+", " ", pages[0])
    # Cover: title, commune, dates, team, partners, licence.
    for expected in (
        residency.title,
        "Péronne",
        "Collectif Lisière",
        "Région Hauts-de-France",
        "Licence",
        "CC BY-SA",
        "1 septembre 2026",
    ):
        assert expected in cover, expected
    assert "Sommaire" in pages[1]
    for title in (
        "Le dispositif",
        "Portrait du territoire",
        "La commande",
        "Le déroulé de la résidence",
        "Ce que nous avons vu et entendu",
        "Le diagnostic partagé",
        "La vision stratégique",
        "La feuille de route",
        "Les suites proposées",
        "Annexes",
    ):
        assert title in pages[1], f"{title} manque au sommaire"
        assert flat.count(title) >= 2, f"{title} manque au corps du cahier"
    for expected in (
        "Population municipale",  # portrait, with its source
        "Insee",
        "Qui a pris part",  # participants counted by category
        "Habitant·e",
        "Les méthodes employées",
        "Comment relier les quartiers",  # the commission
        "On traverse le parking",  # a chosen quote
        "Le parking sert de raccourci",  # the diagnosis
        "Relier la gare au centre",
        "Une ville-repère",  # the vision
        "A1 — Ouvrir un passage",  # a fiche action with its facts
        "Porteur",
        "Commune de Péronne",
        "Indicateur",
        "Un chantier ouvert",  # next steps
        "Le programme",  # annexes: programme, methods, actors, sources, credits, licence
        "Les méthodes",
        "Les acteurs rencontrés",
        "Association",
        "Sources",
        "Crédits et licence",
    ):
        assert expected in flat, expected
    # Running headers (the title on every page after the cover) and page numbers « n / total ».
    total = len([p for p in pages if p.strip()])
    for number, page in enumerate(pages[2:6], start=3):
        assert residency.title in page.splitlines()[0] or residency.title in page[:300], f"page {number}"
        assert f"{number} / {total}" in page
    # French typography: a non-breaking space before « : », a thin one before « ? » (the question).
    extracted = "".join(page.extract_text() or "" for page in PdfReader(path).pages)
    assert "Licence\u00a0:" in extracted
    assert re.search("quartiers PUBL[0-9A-F]+\u202f\\?", extracted)


def test_the_maps_are_our_own_svg_without_any_tile(rich):
    residency, _markers = rich
    context = _context(collect(residency))
    assert len(context["maps"]) == 3  # sessions and routes, material, roadmap places
    for m in context["maps"]:
        assert m["svg"].startswith("<svg") and "http" not in m["svg"].replace(
            "http://www.w3.org/2000/svg", ""
        )
        assert "<title>" in m["svg"]


def test_the_odt_opens_in_libreoffice_headless(rich, tmp_path):
    residency, _markers = rich
    soffice = tool("libreoffice")
    odt = tmp_path / "cahier.odt"
    odt.write_bytes(render_cahier_odt(collect(residency)))
    run(
        soffice,
        f"-env:UserInstallation=file://{tmp_path}/lo-profile",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path / "lo"),
        str(odt),
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    converted = tmp_path / "lo" / "cahier.pdf"
    assert converted.exists(), "LibreOffice n’a pas ouvert l’ODT"
    text = run(tool("pdftotext"), str(converted), "-")
    assert "Le diagnostic partagé" in text and "Ouvrir un passage" in text


def unzip(data: bytes, target: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(target)
        return target / archive.namelist()[0].split("/")[0]


def test_the_rich_data_package_passes_the_frictionless_validate_command(rich, tmp_path):
    residency, _markers = rich
    root = unzip(build_datapackage(residency), tmp_path)
    cli = Path(sys.executable).parent / "frictionless"
    if not cli.exists():
        missing_tool("frictionless (dépendance de développement) n’est pas installé")
    result = subprocess.run(
        [str(cli), "validate", str(root / "datapackage.json")], capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stdout + result.stderr
    descriptor = json.loads((root / "datapackage.json").read_text())
    paths = {r["path"] for r in descriptor["resources"]}
    assert {"data/materiau.csv", "data/constats.csv", "data/enjeux.csv", "data/actions.csv"} <= paths
    assert "data/actions.geojson" in paths


POSITION_COUNT = {
    "Point": 0,
    "LineString": 1,
    "Polygon": 2,
    "MultiPoint": 1,
    "MultiLineString": 2,
    "MultiPolygon": 3,
}


def check_position(position, where):
    assert isinstance(position, list) and len(position) in (2, 3), where
    lon, lat = position[0], position[1]
    assert all(isinstance(v, int | float) for v in position), where
    assert -180 <= lon <= 180 and -90 <= lat <= 90, where


def check_geometry(geometry, where):
    """RFC 7946 §3.1: type, coordinates nested to the right depth, [longitude, latitude] order,
    LineStrings of two positions or more, closed linear rings of four or more."""
    kind = geometry["type"]
    assert kind in POSITION_COUNT, where
    coords = geometry["coordinates"]

    def walk(value, depth):
        if depth == 0:
            check_position(value, where)
            return
        assert isinstance(value, list) and value, where
        for item in value:
            walk(item, depth - 1)

    walk(coords, POSITION_COUNT[kind])
    if kind == "LineString":
        assert len(coords) >= 2, where
    if kind == "Polygon":
        for ring in coords:
            assert len(ring) >= 4 and ring[0] == ring[-1], where


def first_position(coords):
    while isinstance(coords[0], list):
        coords = coords[0]
    return coords[0], coords[1]


def test_every_geojson_layer_follows_rfc_7946(rich, tmp_path):
    residency, _markers = rich
    root = unzip(build_datapackage(residency), tmp_path)
    layers = sorted(root.glob("data/*.geojson"))
    assert {p.name for p in layers} == {"temps_sur_site.geojson", "materiau.geojson", "actions.geojson"}
    kinds = {f["geometry"]["type"] for p in layers for f in json.loads(p.read_text())["features"]}
    assert {"Point", "Polygon"} <= kinds
    for layer in layers:
        collection = json.loads(layer.read_text(encoding="utf-8"))
        assert collection["type"] == "FeatureCollection", layer.name
        assert "crs" not in collection  # RFC 7946 §4: WGS 84 only, no crs member
        assert collection["features"], layer.name
        for feature in collection["features"]:
            assert feature["type"] == "Feature"
            assert isinstance(feature["properties"], dict | type(None))
            check_geometry(feature["geometry"], layer.name)
            lon, lat = first_position(feature["geometry"]["coordinates"])
            # Péronne: longitude ≈ 2.9, latitude ≈ 49.9 — the order is [longitude, latitude].
            assert 2 < lon < 4 and 49 < lat < 51, layer.name
