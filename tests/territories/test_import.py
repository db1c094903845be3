import json
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from arpenteur.territories.importers import import_territories
from arpenteur.territories.models import Commune, Departement, Epci, Region
from arpenteur.territories.search import resolve_commune, search_communes

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[2] / "arpenteur" / "territories" / "data" / "demo"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_the_demo_files_import_with_codes_years_epci_and_figures():
    report = import_territories([DEMO], cog_year=2024)
    assert report.errors == []
    peronne = Commune.objects.get(code="80620", cog_year=2024)
    assert peronne.name == "Péronne"
    assert peronne.population == 7291 and peronne.population_year == 2021
    assert peronne.latitude == pytest.approx(49.92623)
    assert peronne.departement.code == "80" and peronne.region.name.endswith("Hauts-de-France")
    assert peronne.epci.siren == "200037059"
    assert "80200" in peronne.postal_codes


def test_importing_twice_changes_nothing():
    import_territories([DEMO], cog_year=2024)
    before = {m: m.objects.count() for m in (Region, Departement, Epci, Commune)}
    report = import_territories([DEMO], cog_year=2024)
    assert {m: m.objects.count() for m in before} == before
    assert report.counts["communes"].created == 0 and report.counts["communes"].updated == 0
    assert report.counts["communes"].unchanged == Commune.objects.count()


def test_another_cog_year_is_kept_beside_the_first():
    import_territories([DEMO], cog_year=2024)
    import_territories([DEMO], cog_year=2025)
    assert Commune.objects.filter(code="80620").count() == 2
    assert search_communes("peronne")[0].cog_year == 2025


def test_malformed_lines_are_reported_in_french_and_the_rest_is_imported(tmp_path):
    for name in ("regions-insee-2024.csv", "departements-insee-2024.csv"):
        (tmp_path / name).write_text((DEMO / name).read_text(encoding="utf-8"), encoding="utf-8")
    lines = (DEMO / "communes-insee-2024.csv").read_text(encoding="utf-8").splitlines()
    lines.insert(2, "8A620,32,80,Bad,Bad,80200,COM,,49.9,2.9,14,1,1,1,1,1,1,1,1")
    lines.insert(3, "80999,32,80,Loin,Loin,80200,COM,,149.9,2.9,14,1,1,1,1,1,1,1,1")
    lines.insert(4, "80998,32,80,Sans pop,Sans pop,80200,COM,,49.9,2.9,14,beaucoup,1,1,1,1,1,1,1")
    (tmp_path / "communes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_territories([tmp_path], cog_year=2024)
    assert any("ligne 3" in e and "code INSEE « 8A620 » invalide" in e for e in report.errors)
    assert any("ligne 4" in e and "latitude" in e for e in report.errors)
    assert any("ligne 5" in e and "entier illisible" in e for e in report.errors)
    assert report.counts["communes"].skipped == 3
    assert Commune.objects.filter(code="80620").exists()


def test_an_unreadable_file_is_reported_and_the_others_still_import(tmp_path):
    (tmp_path / "epci.json").write_text('[{"code": "200037059", "membres": [', encoding="utf-8")
    report = import_territories([DEMO, tmp_path / "epci.json"], cog_year=2024)
    assert any("illisible" in e for e in report.errors)
    assert Commune.objects.filter(code="80620").exists()


def test_delegated_communes_are_kept_with_their_parent(tmp_path):
    communes = [
        {
            "code": "01015",
            "nom": "Arboys en Bugey",
            "departement": "01",
            "region": "84",
            "type": "commune-actuelle",
            "population": 650,
        },
        {
            "code": "01015",
            "nom": "Arbignieu",
            "departement": "01",
            "region": "84",
            "type": "commune-deleguee",
            "chefLieu": "01015",
        },
        {
            "code": "01340",
            "nom": "Saint-Bois",
            "departement": "01",
            "region": "84",
            "type": "commune-deleguee",
            "chefLieu": "01015",
        },
    ]
    (tmp_path / "regions.json").write_text(
        json.dumps([{"code": "84", "nom": "Auvergne-Rhône-Alpes", "chefLieu": "69123"}])
    )
    (tmp_path / "departements.json").write_text(
        json.dumps([{"code": "01", "nom": "Ain", "region": "84", "chefLieu": "01053"}])
    )
    (tmp_path / "communes.json").write_text(json.dumps(communes))
    report = import_territories([tmp_path], cog_year=2025)
    assert report.errors == []
    parent = Commune.objects.get(code="01015", kind=Commune.Kind.COMMUNE)
    assert sorted(parent.children.values_list("name", flat=True)) == ["Arbignieu", "Saint-Bois"]


def test_the_command_prints_counts_and_errors(capsys):
    call_command("import_territories", str(DEMO), "--cog-year", "2024")
    out = capsys.readouterr().out
    assert "communes : 9 créé(s)" in out
    assert "0 erreur(s)" in out


def test_unknown_insee_code_gets_a_french_message():
    import_territories([DEMO], cog_year=2024)
    commune, error = resolve_commune("99999")
    assert commune is None and "Aucune commune ne porte le code INSEE « 99999 »" in error
    commune, error = resolve_commune("Péronne (80) — 80620")
    assert commune.code == "80620" and error is None
    commune, error = resolve_commune("peronne")
    assert commune.code == "80620"


@pytest.mark.skipif(not SHARED.exists(), reason="the national reference files are not beside the project")
def test_the_whole_of_france_imports_from_both_formats_quickly():
    started = time.monotonic()
    report = import_territories([SHARED / "etalab-decoupage-administratif-6.0.0"], cog_year=2025)
    import_territories(
        [
            SHARED / "regions-insee-2024.csv",
            SHARED / "departements-insee-2024.csv",
            SHARED / "communes-insee-2024.csv",
        ],
        cog_year=2024,
    )
    elapsed = time.monotonic() - started
    assert Commune.objects.filter(cog_year=2025, kind=Commune.Kind.COMMUNE).count() > 34000
    assert Commune.objects.filter(cog_year=2024, kind=Commune.Kind.COMMUNE).count() > 34000
    assert Epci.objects.filter(cog_year=2025).count() > 1200
    assert (
        Commune.objects.filter(cog_year=2025, kind=Commune.Kind.COMMUNE, epci__isnull=False).count() > 34000
    )
    assert report.errors == [] or len(report.errors) < 50
    assert elapsed < 120
    assert [c.code for c in search_communes("Saint-Quentin", cog_year=2024)][:1] == ["02691"]
