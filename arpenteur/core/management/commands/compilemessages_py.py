"""Compile the project's .po translation files to .mo with Babel (pure Python, no gettext tools needed)."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile les fichiers de traduction .po du projet en .mo (sans les outils gettext)."

    def handle(self, *args, **options):
        count = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                with po_path.open("rb") as handle:
                    catalog = read_po(handle)
                with mo_path.open("wb") as handle:
                    write_mo(handle, catalog)
                count += 1
        self.stdout.write(f"{count} catalogue(s) compilé(s).")
