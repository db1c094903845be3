"""Reading the roadmap app (vision, axes, actions) for publication. Kept apart so that adapting
to the roadmap's models at merge time touches one small file."""

from __future__ import annotations

from typing import Any

from django.apps import apps


def public_roadmap(residency) -> dict[str, Any] | None:
    try:
        apps.get_model("roadmap", "Action")
    except LookupError:
        return None
    return None
