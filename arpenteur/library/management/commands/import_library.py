"""Import resources and experiences from a CSV or JSON file and print the line-by-line report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from arpenteur.library.importer import CREATED, SKIPPED, UPDATED, ImportFileError, import_file

LABELS = {CREATED: "créée", UPDATED: "mise à jour", SKIPPED: "ignorée"}


class Command(BaseCommand):
    help = "Importe des fiches de la bibliothèque (CSV ou JSON) ; idempotent ; rapport ligne par ligne."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--format", choices=["csv", "json"], help="Par défaut : d'après l'extension.")
        parser.add_argument("--dry-run", action="store_true", help="Simuler sans rien enregistrer.")
        parser.add_argument("--quiet-lines", action="store_true", help="N'afficher que le bilan.")

    def handle(self, *args, path, format=None, dry_run=False, quiet_lines=False, **options):
        file = Path(path)
        if not file.exists():
            raise CommandError(f"Fichier introuvable : {path}")
        fmt = format or ("json" if file.suffix.lower() == ".json" else "csv")
        try:
            report = import_file(file.read_bytes(), fmt, dry_run=dry_run)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        if not quiet_lines:
            for line in report.lines:
                reasons = " ; ".join(line.messages)
                self.stdout.write(
                    f"ligne {line.line}\t{LABELS[line.status]}\t{line.reference or line.title}"
                    + (f"\t{reasons}" if reasons else "")
                )
        prefix = "Simulation : " if dry_run else ""
        self.stdout.write(
            f"{prefix}{report.created} créée(s), {report.updated} mise(s) à jour, {report.skipped} ignorée(s)."
        )
