"""Factories of prioritisation sessions: `open_session(residency, items=[…])` reads like the scene."""

import factory
from factory.django import DjangoModelFactory

from arpenteur.workshops.models import PrioritisationSession
from arpenteur.workshops.services import set_session_items, set_session_status


class PrioritisationSessionFactory(DjangoModelFactory):
    class Meta:
        model = PrioritisationSession

    title = factory.Sequence(lambda n: f"Comité de pilotage n°{n}")
    dots_per_participant = 5
    max_dots_per_item = 3
    with_scores = True


DEFAULT_ITEMS = ["Relier les quartiers aux étangs", "Rendre le centre lisible", "Habiter les étages vacants"]


def session_with_items(residency, items=DEFAULT_ITEMS, status="ouvert", **kwargs):
    session = PrioritisationSessionFactory(residency=residency, **kwargs)
    set_session_items(session=session, items=[(label, None) for label in items])
    if status != "preparation":
        set_session_status(session=session, status=status)
    return session
