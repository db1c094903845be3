"""State changes of the register of actors that touch several models (kept apart from services.py,
which holds capture and moderation)."""

from __future__ import annotations

from django.db import transaction

from .models import Material, Stakeholder, Visibility


def delete_stakeholder(*, stakeholder: Stakeholder) -> int:
    """Remove an actor (for instance on an erasure request) and return how many materials were
    brought back to the team.

    Their consents go with them, and so would the consent check on the materials they appear in: a
    quote by someone who refused publication would suddenly pass `publishable()`. So every material
    linked to them is first brought back to « équipe »; the team decides again, knowingly.
    """
    with transaction.atomic():
        linked = Material.objects.filter(stakeholder_links__stakeholder=stakeholder).exclude(
            visibility=Visibility.TEAM
        )
        lowered = Material.objects.filter(pk__in=list(linked.values_list("pk", flat=True))).update(
            visibility=Visibility.TEAM
        )
        stakeholder.delete()
    return lowered
