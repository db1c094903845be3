"""Shared set-up of the benchmarks: a throw-away SQLite database (or DATABASE_URL if set),
migrated, in a temporary data directory."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


def setup_django() -> Path:
    sys.path.insert(0, str(ROOT))
    data_dir = Path(tempfile.mkdtemp(prefix="arpenteur-bench-"))
    os.environ.setdefault("ARPENTEUR_DATA_DIR", str(data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arpenteur.settings")
    os.environ.setdefault("ARPENTEUR_ENV", "development")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return data_dir
