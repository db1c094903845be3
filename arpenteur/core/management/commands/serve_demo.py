"""Serve the demo: the background-task worker and the development web server, stopped together."""

import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Lance le serveur web de démonstration et le travailleur des tâches de fond."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, port, host, **options):
        worker = subprocess.Popen([sys.executable, "-m", "arpenteur", "db_worker", "--interval", "1"])  # noqa: S603
        self.stdout.write(f"Arpenteur : http://{host}:{port}/ (Ctrl+C pour arrêter)")
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
