import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from arpenteur.territories.importers import import_territories


class Command(BaseCommand):
    help = (
        "Importe régions, départements, EPCI et communes depuis les fichiers JSON du découpage administratif "
        "d’Etalab et/ou les CSV de l’INSEE (dossiers ou fichiers). Idempotent ; rapporte les erreurs ligne par ligne."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="fichiers ou dossiers à importer")
        parser.add_argument(
            "--cog-year",
            type=int,
            required=True,
            help="millésime du Code officiel géographique décrit par ces fichiers",
        )
        parser.add_argument(
            "--population-year",
            type=int,
            default=None,
            help="année des populations des fichiers Etalab, si connue",
        )
        parser.add_argument("--max-errors-shown", type=int, default=200)

    def handle(self, *args, paths, cog_year, population_year, max_errors_shown, **options):
        if not 1943 <= cog_year <= 2100:
            raise CommandError(f"Millésime du COG invalide : {cog_year}")
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError("Introuvable : " + ", ".join(missing))
        started = time.monotonic()
        report = import_territories(paths, cog_year, population_year)
        lines = report.lines()
        summary, errors = lines[: -len(report.errors) or None], report.errors
        for line in summary:
            self.stdout.write(line)
        for line in errors[:max_errors_shown]:
            self.stderr.write(line)
        if len(errors) > max_errors_shown:
            self.stderr.write(f"… et {len(errors) - max_errors_shown} autre(s) erreur(s).")
        self.stdout.write(f"Terminé en {time.monotonic() - started:.1f} s.")
