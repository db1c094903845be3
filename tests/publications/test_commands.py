"""The command line: `arpenteur build_deliverable` and `arpenteur export_opendata`, run the way a
scheduler runs them (a real process, exit codes, French errors on stderr)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from arpenteur.publications.models import Deliverable

pytestmark = pytest.mark.django_db


def test_build_deliverable_writes_the_cahier_and_records_a_version(residency, tmp_path):
    out = tmp_path / "cahier.pdf"
    stdout = io.StringIO()
    call_command(
        "build_deliverable", str(residency.pk), "--kind", "cahier", "--output", str(out), stdout=stdout
    )
    reader = PdfReader(out)
    assert len(reader.pages) >= 10
    assert "écrit dans" in stdout.getvalue()
    recorded = Deliverable.objects.get(residency=residency, kind="cahier")
    assert (recorded.version, recorded.status, recorded.paper) == (1, "pret", "A4")


def test_build_deliverable_writes_the_cahier_as_odt(residency, tmp_path):
    out = tmp_path / "cahier.odt"
    call_command(
        "build_deliverable", str(residency.pk), "--kind", "cahier", "--format", "odt", "--output", str(out)
    )
    with zipfile.ZipFile(out) as odt:
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"


@pytest.mark.parametrize(("options", "width_mm"), [([], 594), (["--paper", "A0"], 841)])
def test_posters_are_a1_by_default_and_a0_on_request(residency, tmp_path, options, width_mm):
    out = tmp_path / "affiches.pdf"
    call_command("build_deliverable", str(residency.pk), "--kind", "posters", "--output", str(out), *options)
    box = PdfReader(out).pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == width_mm


def test_export_opendata_writes_the_zip(residency, tmp_path):
    out = tmp_path / "donnees.zip"
    call_command("export_opendata", str(residency.pk), "--output", str(out))
    with zipfile.ZipFile(out) as archive:
        assert any(name.endswith("/datapackage.json") for name in archive.namelist())


@pytest.mark.parametrize("command", ["build_deliverable", "export_opendata"])
def test_unknown_residency_is_a_clear_french_error(residency, tmp_path, command):
    extra = ["--kind", "cahier"] if command == "build_deliverable" else []
    with pytest.raises(CommandError, match="Aucune résidence n’a l’identifiant 999999"):
        call_command(command, "999999", *extra, "--output", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="n’est pas un identifiant de résidence"):
        call_command(command, "peronne", *extra, "--output", str(tmp_path / "x"))
    assert not Deliverable.objects.exists()


@pytest.mark.parametrize("command", ["build_deliverable", "export_opendata"])
def test_unwritable_output_fails_before_any_work(residency, tmp_path, command):
    extra = ["--kind", "cahier"] if command == "build_deliverable" else []
    with pytest.raises(CommandError, match="n’existe pas"):
        call_command(command, str(residency.pk), *extra, "--output", str(tmp_path / "absent" / "x.pdf"))
    with pytest.raises(CommandError, match="est un dossier"):
        call_command(command, str(residency.pk), *extra, "--output", str(tmp_path))
    locked = tmp_path / "verrouille"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # running as root: permissions are not enforced
            pytest.skip("les droits de fichiers ne s’appliquent pas à root")
        with pytest.raises(CommandError, match="permission refusée"):
            call_command(command, str(residency.pk), *extra, "--output", str(locked / "x.pdf"))
    finally:
        locked.chmod(0o700)
    assert not Deliverable.objects.exists()


def test_the_console_command_exits_non_zero_with_a_french_message(tmp_path):
    """Through the real `arpenteur` entry point, as cron would run it (its own empty database)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ARPENTEUR_DATA_DIR"] = str(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "arpenteur", "migrate", "-v", "0"], env=env, check=True, timeout=300
    )
    result = subprocess.run(
        [sys.executable, "-m", "arpenteur", "export_opendata", "42", "--output", str(tmp_path / "d.zip")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Aucune résidence n’a l’identifiant 42." in result.stderr
    assert not (tmp_path / "d.zip").exists()
