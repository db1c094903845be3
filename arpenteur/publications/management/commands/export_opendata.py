"""Write the open-data package of a residency (Frictionless data package in a ZIP) to a file: the
same allow-listed content as the public download."""

from django.core.management.base import BaseCommand

from arpenteur.publications.opendata import build_datapackage

from .._common import residency_or_error, writable_output, write_output


class Command(BaseCommand):
    help = "Exporte les données ouvertes d’une résidence (paquet Frictionless en ZIP) dans un fichier."

    def add_arguments(self, parser):
        parser.add_argument("residency", help="Identifiant de la résidence.")
        parser.add_argument("--output", required=True, help="Fichier ZIP à écrire.")

    def handle(self, *args, residency, output, **options):
        target = writable_output(output)
        residency = residency_or_error(residency)
        data = build_datapackage(residency)
        write_output(target, data)
        self.stdout.write(f"Données ouvertes de « {residency} » écrites dans {target} ({len(data)} octets).")
