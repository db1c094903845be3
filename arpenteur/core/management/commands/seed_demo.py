"""Load the demonstration data: a few territories, the demo accounts and a rich residency.

Idempotent: every loader looks its rows up by stable keys first, so running it twice changes
nothing. Each app contributes its part through arpenteur.core.registry.register_demo_loader.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from arpenteur.core.registry import demo_loaders


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent)."

    def handle(self, *args, **options):
        context: dict = {}
        with transaction.atomic():
            for loader in demo_loaders():
                loader.load(context, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
