"""Build a deliverable of a residency (cahier de synthèse or exhibition posters) and write it to a
file. Recorded as a new version, like a build from the interface, so the team finds it too."""

from django.core.management.base import BaseCommand, CommandError

from arpenteur.publications.models import Deliverable
from arpenteur.publications.services import PublicationError, request_deliverable
from arpenteur.publications.tasks import build_deliverable_now

from .._common import residency_or_error, writable_output, write_output


class Command(BaseCommand):
    help = (
        "Produit le cahier de synthèse (PDF A4 ou ODT) ou les affiches d’exposition (PDF A1 ou A0) "
        "d’une résidence et l’écrit dans un fichier."
    )

    def add_arguments(self, parser):
        parser.add_argument("residency", help="Identifiant de la résidence.")
        parser.add_argument(
            "--kind", choices=["cahier", "posters"], required=True, help="Livrable à produire."
        )
        parser.add_argument("--output", required=True, help="Fichier à écrire.")
        parser.add_argument(
            "--paper", choices=["A1", "A0"], default="A1", help="Format des affiches (A1 par défaut)."
        )
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=["pdf", "odt"],
            default="pdf",
            help="Format du cahier (PDF par défaut).",
        )

    def handle(self, *args, residency, kind, output, paper="A1", fmt="pdf", **options):
        target = writable_output(output)
        residency = residency_or_error(residency)
        if kind == "cahier":
            kind, paper = Deliverable.Kind.CAHIER, Deliverable.Paper.A4
        else:
            if fmt != "pdf":
                raise CommandError("Les affiches ne sont produites qu’en PDF.")
            kind = Deliverable.Kind.POSTERS
        try:
            deliverable = request_deliverable(
                residency=residency, kind=kind, fmt=fmt, paper=paper, enqueue=False
            )
        except PublicationError as error:
            raise CommandError(str(error)) from error
        deliverable = build_deliverable_now(deliverable)
        if deliverable.status != Deliverable.Status.READY:
            raise CommandError(f"La production a échoué : {deliverable.error}")
        with deliverable.file.open("rb") as handle:
            data = handle.read()
        write_output(target, data)
        pages = f", {deliverable.page_count} pages" if deliverable.page_count else ""
        self.stdout.write(f"{deliverable} écrit dans {target} ({len(data)} octets{pages}).")
