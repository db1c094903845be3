"""Scenarios of the roadmap: an axis, a fiche action citing an enjeu (built through the services)."""

from datetime import date
from decimal import Decimal

from arpenteur.roadmap.models import Action, Axis
from arpenteur.roadmap.services import save_action, save_axis
from tests.analysis.factories import an_enjeu


def an_axis(residency, title="Faire liaison(s)", **fields):
    return Axis.objects.filter(residency=residency, title=title).first() or save_axis(
        axis=Axis(residency=residency, title=title, **fields)
    )


def an_action(residency, user=None, *, enjeux=None, axis=None, **fields):
    enjeux = enjeux or [an_enjeu(residency, user)]
    action = Action(
        residency=residency,
        axis=axis or an_axis(residency),
        title=fields.pop("title", "Jalonner l’itinéraire piéton vers la gare routière"),
        lead=fields.pop("lead", "Commune de Péronne"),
        start_date=fields.pop("start_date", date(2027, 3, 1)),
        end_date=fields.pop("end_date", date(2027, 9, 30)),
        cost_ht=fields.pop("cost_ht", Decimal("18000")),
        cost_ttc=fields.pop("cost_ttc", Decimal("21600")),
        **fields,
    )
    return save_action(action=action, user=user, enjeux=enjeux)
