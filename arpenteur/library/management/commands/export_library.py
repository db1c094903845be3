"""Export the catalogue (drafts included) as CSV or JSON, in the format import_library reads."""

import sys

from django.core.management.base import BaseCommand

from arpenteur.core.tabular import Column, twin_response
from arpenteur.library.columns import CATALOGUE_COLUMNS
from arpenteur.library.models import Item


class Command(BaseCommand):
    help = "Exporte la bibliothèque en CSV ou JSON (réimportable tel quel)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Fichier de sortie, ou - pour la sortie standard.")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--published-only", action="store_true")

    def handle(self, *args, path, format="csv", published_only=False, **options):
        rows = Item.objects.order_by("pk").select_related("region").prefetch_related("themes")
        if published_only:
            rows = rows.filter(is_published=True)
        columns = [*CATALOGUE_COLUMNS, Column("publiee", "Publiée", lambda i: i.is_published)]
        response = twin_response(format, rows.iterator(chunk_size=1000), columns, filename="bibliotheque")
        chunks = response.streaming_content if response.streaming else [response.content]
        out = sys.stdout.buffer if path == "-" else open(path, "wb")  # noqa: SIM115
        try:
            for chunk in chunks:
                out.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
        finally:
            if path != "-":
                out.close()
