"""Shared by the publications commands: the residency by id and a writable output, with French
errors and a non-zero exit code (CommandError → 1) so that schedulers notice."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import CommandError

from arpenteur.residencies.models import Residency


def residency_or_error(value: str) -> Residency:
    try:
        pk = int(value)
    except ValueError:
        raise CommandError(
            f"« {value} » n’est pas un identifiant de résidence (un nombre entier est attendu)."
        ) from None
    residency = Residency.objects.select_related("commune").filter(pk=pk).first()
    if residency is None:
        raise CommandError(f"Aucune résidence n’a l’identifiant {pk}.")
    return residency


def writable_output(value: str) -> Path:
    """Checked before any work starts: a long build must not end on « permission denied »."""
    path = Path(value).expanduser()
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise CommandError(f"« {path} » est un dossier : indiquez un nom de fichier.")
    if not parent.is_dir():
        raise CommandError(f"Le dossier « {parent} » n’existe pas.")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CommandError(f"Impossible d’écrire « {path} » : permission refusée.")
    return path


def write_output(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise CommandError(f"Impossible d’écrire « {path} » : {error.strerror or error}.") from error
