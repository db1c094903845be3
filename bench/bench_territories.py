"""Import of all French territories: wall time and peak memory, from both official formats.

Run: make bench (or .venv/bin/python bench/bench_territories.py). Needs ../shared/data beside the project.
"""

import resource
import time

from _setup import SHARED_DATA, setup_django

setup_django()

from arpenteur.territories.importers import import_territories  # noqa: E402
from arpenteur.territories.models import Commune  # noqa: E402


def run(label, paths, year):
    started = time.perf_counter()
    report = import_territories(paths, cog_year=year)
    elapsed = time.perf_counter() - started
    communes = Commune.objects.filter(cog_year=year).count()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label}: {communes} communes in {elapsed:.1f} s, process peak RSS so far {peak:.0f} MB, {len(report.errors)} errors"
    )
    return elapsed


if not SHARED_DATA.exists():
    print("skipped: ../shared/data is not beside the project")
else:
    run(
        "Etalab decoupage-administratif 6.0.0 (first import)",
        [SHARED_DATA / "etalab-decoupage-administratif-6.0.0"],
        2025,
    )
    run(
        "Etalab decoupage-administratif 6.0.0 (again, idempotent)",
        [SHARED_DATA / "etalab-decoupage-administratif-6.0.0"],
        2025,
    )
    run(
        "INSEE CSV 2024 (regions, departements, communes)",
        [
            SHARED_DATA / "regions-insee-2024.csv",
            SHARED_DATA / "departements-insee-2024.csv",
            SHARED_DATA / "communes-insee-2024.csv",
        ],
        2024,
    )
