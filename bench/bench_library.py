"""The library with 100,000 resources and experiences: search with facets (median and 95th percentile
of the whole page: search, six facet counts, map points, a page of results with snippets), the bulk
reindex, and the CSV import rate.

Run on SQLite:      .venv/bin/python bench/bench_library.py
Run on PostgreSQL:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/arpenteur_library \
                    .venv/bin/python bench/bench_library.py
BENCH_LIBRARY_N changes the size (default 100000). Data is generated with bulk_create, then indexed
by the same bulk reindex task staff run after a raw load (tasks.rebuild_search_index).
"""

import os
import random
import re
import statistics
import time

from _setup import setup_django

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from arpenteur.core.tabular import _csv_cell  # noqa: E402
from arpenteur.library.columns import CATALOGUE_COLUMNS  # noqa: E402
from arpenteur.library.importer import import_file  # noqa: E402
from arpenteur.library.models import Item, ItemType, Kind, ProjectType, Theme, TrainingSlot  # noqa: E402
from arpenteur.library.tasks import rebuild_search_index  # noqa: E402
from arpenteur.territories.models import Region  # noqa: E402

N = int(os.environ.get("BENCH_LIBRARY_N", "100000"))
IMPORT_LINES = 5000
rng = random.Random(7)

REGIONS = [
    ("11", "Île-de-France"),
    ("24", "Centre-Val de Loire"),
    ("27", "Bourgogne-Franche-Comté"),
    ("28", "Normandie"),
    ("32", "Hauts-de-France"),
    ("44", "Grand Est"),
    ("52", "Pays de la Loire"),
    ("53", "Bretagne"),
    ("75", "Nouvelle-Aquitaine"),
    ("76", "Occitanie"),
    ("84", "Auvergne-Rhône-Alpes"),
    ("93", "Provence-Alpes-Côte d'Azur"),
    ("94", "Corse"),
]
ACTIONS = [
    "Aménager",
    "Rénover",
    "Végétaliser",
    "Relier",
    "Partager",
    "Revitaliser",
    "Accompagner",
    "Planifier",
    "Mobiliser",
    "Réhabiliter",
    "Préserver",
    "Reconquérir",
    "Adapter",
    "Animer",
    "Transformer",
]
OBJECTS = [
    "les centres-bourgs",
    "l'eau des rivières",
    "les cours d'école",
    "les commerces de proximité",
    "le patrimoine bâti",
    "les mobilités douces",
    "l'habitat ancien",
    "les énergies renouvelables",
    "les espaces publics",
    "les jardins partagés",
    "les friches industrielles",
    "les tiers-lieux",
    "la forêt communale",
    "les haies bocagères",
    "les logements vacants",
    "la cantine scolaire",
    "les berges",
    "les cités ouvrières",
]
CONTEXTS = [
    "en milieu rural",
    "dans une ville moyenne",
    "avec les habitants",
    "à l'échelle intercommunale",
    "face au changement climatique",
    "en zone de montagne",
    "sur le littoral",
    "dans un quartier prioritaire",
    "avec les agriculteurs",
    "en périphérie d'une métropole",
]
SENTENCES = [
    "La commune a réuni élus, techniciens et habitants autour d'un diagnostic partagé.",
    "Les ateliers ont permis de hiérarchiser les actions et de chiffrer un premier plan.",
    "Le projet s'appuie sur les ressources locales : savoir-faire, foncier disponible, associations.",
    "Une équipe pluridisciplinaire a accompagné la collectivité pendant dix-huit mois.",
    "Les enseignements portent sur la gouvernance, le financement et la participation citoyenne.",
    "Les aménagements réalisés ont réduit les îlots de chaleur et désimperméabilisé les sols.",
    "La rénovation énergétique des bâtiments publics a baissé la facture de moitié.",
    "Un marché hebdomadaire a redonné vie à la place centrale.",
    "Les habitants ont été associés dès l'origine par des balades urbaines et des permanences.",
    "Le guide détaille les étapes, les outils et les partenaires à mobiliser.",
    "La démarche a été évaluée deux ans après sa mise en œuvre.",
    "Les mobilités actives ont progressé grâce à un réseau cyclable continu.",
    "La gestion de l'eau associe désormais agriculteurs, syndicats de rivière et communes.",
    "Le patrimoine industriel a été reconverti en logements et en ateliers partagés.",
    "Un programme de formation a préparé les agents aux nouveaux métiers de la transition.",
    "Les commerces vacants ont été repris grâce à une foncière de redynamisation.",
]
STRUCTURES = [
    "Cerema",
    "ADEME",
    "ANCT",
    "Banque des Territoires",
    "CNFPT",
    "AMRF",
    "FNAU",
    "CAUE",
    "Agence d'urbanisme",
    "Parc naturel régional",
    "Association des petites villes",
    "Conseil régional",
    "Communauté de communes",
    "Syndicat de rivière",
    "Collectif d'habitants",
]
FOUND = re.compile(r'class="library-count">([\d\s\u202f\u00a0]+) fiche')
QUERIES = [
    "",
    "q=aménager",
    "q=eau",
    "q=énergies renouvelables",
    "q=commerces centre-bourg",
    "q=habitants",
    "q=amén",
    "q=patrimoine&theme=patrimoine",
    "theme=eau&region=53",
    "q=mobilité&type=guide&periode=2010",
    "q=rénover logements vacants&nature=experience",
    "q=friches&mots=un",
    "q=%22%2A%28%29%25%25",
]


def generate() -> None:
    Item.objects.all().delete()
    for code, name in REGIONS:
        Region.objects.get_or_create(code=code, cog_year=2024, defaults={"name": name})
    regions = list(Region.objects.filter(cog_year=2024))
    themes = list(Theme.objects.all())
    item_types = [t for t in ItemType if t != ItemType.INITIATIVE]
    started = time.perf_counter()
    through = Item.themes.through
    batch = []
    for index in range(N):
        is_experience = index % 2 == 0
        region = rng.choice(regions)
        year = rng.randint(1985, 2026)
        batch.append(
            Item(
                kind=Kind.EXPERIENCE if is_experience else Kind.RESOURCE,
                reference=f"bench-{index}",
                title=f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(CONTEXTS)}",
                structure=f"{rng.choice(STRUCTURES)} {rng.randint(1, 150)}",
                summary=" ".join(rng.sample(SENTENCES, 4)),
                item_type=ItemType.INITIATIVE if is_experience else rng.choice(item_types),
                project_type=rng.choice(ProjectType.values),
                territory_level="commune" if is_experience else "national",
                territory_name=f"Commune {index % 5000}" if is_experience else "",
                region=region,
                latitude=43 + rng.random() * 7 if is_experience else None,
                longitude=-4 + rng.random() * 11 if is_experience else None,
                year_start=year,
                year_end=year + rng.randint(0, 3),
                decade=(year // 10) * 10,
            )
        )
        if len(batch) == 5000:
            _flush(batch, through, themes)
            batch = []
    if batch:
        _flush(batch, through, themes)
    print(f"generated {Item.objects.count():,} items in {time.perf_counter() - started:.1f} s (bulk_create)")
    started = time.perf_counter()
    count = rebuild_search_index.enqueue().return_value
    elapsed = time.perf_counter() - started
    print(f"bulk reindex: {count:,} items in {elapsed:.1f} s ({count / elapsed:,.0f} items/s)")


def _flush(batch, through, themes) -> None:
    created = Item.objects.bulk_create(batch)
    links = []
    for item in created:
        for theme in rng.sample(themes, rng.randint(1, 3)):
            links.append(through(item_id=item.pk, theme_id=theme.pk))
    through.objects.bulk_create(links)


def measure_search() -> None:
    client = Client()
    all_times = []
    print(f"\nsearch page /bibliotheque/ (results, 6 facets with counts, map, snippets), {connection.vendor}")
    for params in QUERIES:
        url = "/bibliotheque/" + (f"?{params}" if params else "")
        client.get(url)  # warm-up
        times = []
        for _ in range(7):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        all_times.extend(times)
        found = int(
            FOUND.search(response.content.decode())
            .group(1)
            .replace("\u202f", "")
            .replace(" ", "")
            .replace("\u00a0", "")
        )
        print(
            f"  {params or '(tout)':<48} median {statistics.median(times):7.1f} ms  "
            f"max {max(times):7.1f} ms  {len(ctx):2d} queries  {found:7,d} results"
        )
    all_times.sort()
    p95 = all_times[int(len(all_times) * 0.95) - 1]
    print(f"  ALL {len(all_times)} requests: median {statistics.median(all_times):.1f} ms, p95 {p95:.1f} ms")


def measure_import() -> None:
    import csv
    import io

    rows = list(
        Item.objects.filter(kind=Kind.EXPERIENCE)
        .order_by("pk")
        .select_related("region")
        .prefetch_related("themes")[:IMPORT_LINES]
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([column.key for column in CATALOGUE_COLUMNS])
    for item in rows:
        # The cells of the .csv export (same function), with new identifiers so the first run creates.
        cells = [_csv_cell(column.value(item)) for column in CATALOGUE_COLUMNS]
        cells[0] = f"import-{cells[0]}"
        writer.writerow(cells)
    content = out.getvalue()
    print(f"\nCSV import of {IMPORT_LINES:,} lines ({len(content) / 1024:,.0f} KiB)")
    for label in ("first import (creates)", "same file again (idempotent)"):
        started = time.perf_counter()
        report = import_file(content, "csv")
        elapsed = time.perf_counter() - started
        print(
            f"  {label:<30} {elapsed:6.1f} s  {IMPORT_LINES / elapsed:7,.0f} lines/s  "
            f"created {report.created:,} updated {report.updated:,} skipped {report.skipped:,}"
        )


if __name__ == "__main__":
    TrainingSlot.objects.all().delete()
    generate()
    measure_search()
    measure_import()
