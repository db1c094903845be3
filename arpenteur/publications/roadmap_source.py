"""Reading the roadmap app (vision, axes, actions) for publication. Kept apart so that adapting
to the roadmap's models touches one small file.

Allow-list, like `content.py`:
- the vision's title and text, and its governance paragraph as the first of the next steps (the
  vision is the text the team and the commissioner write *for* the restitution);
- only actions whose audience is « publiable », and only the axes that hold at least one of them;
- of an action: its number, title, description, objectives, first steps, place, porteur and
  partners (structures), calendar, horizon, priority, state, estimated cost, its indicators and
  milestones. Never its funding lines (amounts asked of funders and their answers are negotiations,
  not public information), its author, or its drafts.

Labels carry the context « fiche action publiée » so that they never collide with the roadmap app's
own entries in the union-merged English catalogue.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Prefetch
from django.utils.translation import pgettext


def _euros(value) -> str:
    return f"{value:,.0f}".replace(",", "\u202f") + "\u00a0€"


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _number(value) -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


def _outer_coords(geometry) -> tuple[str, list[tuple[float, float]]] | None:
    """The first drawable shape of a GeoJSON value, as (kind, [(lat, lon), …])."""
    if not isinstance(geometry, dict):
        return None
    kind = geometry.get("type")
    try:
        if kind == "FeatureCollection":
            for feature in geometry.get("features") or []:
                if found := _outer_coords(feature):
                    return found
            return None
        if kind == "Feature":
            return _outer_coords(geometry.get("geometry"))
        coords = geometry.get("coordinates")
        if kind == "Polygon":
            return "polygon", [(float(lat), float(lon)) for lon, lat, *_rest in coords[0]]
        if kind == "MultiPolygon":
            return "polygon", [(float(lat), float(lon)) for lon, lat, *_rest in coords[0][0]]
        if kind == "LineString":
            return "line", [(float(lat), float(lon)) for lon, lat, *_rest in coords]
        if kind == "MultiLineString":
            return "line", [(float(lat), float(lon)) for lon, lat, *_rest in coords[0]]
        if kind == "Point":
            return "point", [(float(coords[1]), float(coords[0]))]
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    return None


def _facts(action) -> list[tuple[str, str]]:
    facts = [(pgettext("fiche action publiée", "Porteur"), action.lead)]
    if action.partner_list:
        facts.append((pgettext("fiche action publiée", "Partenaires"), ", ".join(action.partner_list)))
    if action.place:
        facts.append((pgettext("fiche action publiée", "Lieu"), action.place))
    if action.start_date or action.end_date:
        facts.append(
            (
                pgettext("fiche action publiée", "Calendrier"),
                " – ".join(d for d in (_date(action.start_date), _date(action.end_date)) if d),
            )
        )
    facts.append((pgettext("fiche action publiée", "Horizon"), str(action.get_horizon_display())))
    facts.append((pgettext("fiche action publiée", "Priorité"), str(action.get_priority_display())))
    facts.append((pgettext("fiche action publiée", "État"), str(action.get_status_display())))
    if action.cost_ttc is not None:
        facts.append(
            (
                pgettext("fiche action publiée", "Coût estimé"),
                _euros(action.cost_ttc) + " " + pgettext("fiche action publiée", "TTC"),
            )
        )
    elif action.cost_ht is not None:
        facts.append(
            (
                pgettext("fiche action publiée", "Coût estimé"),
                _euros(action.cost_ht) + " " + pgettext("fiche action publiée", "HT"),
            )
        )
    if action.objectives:
        facts.append((pgettext("fiche action publiée", "Objectifs"), action.objectives))
    if action.first_steps:
        facts.append((pgettext("fiche action publiée", "Premières étapes"), action.first_steps))
    for indicator in action.indicators.all():
        parts = [indicator.name]
        if indicator.baseline is not None:
            parts.append(
                pgettext("fiche action publiée", "départ %(v)s %(u)s%(y)s")
                % {
                    "v": _number(indicator.baseline),
                    "u": indicator.unit,
                    "y": f" ({indicator.baseline_year})" if indicator.baseline_year else "",
                }
            )
        if indicator.target is not None:
            parts.append(
                pgettext("fiche action publiée", "cible %(v)s %(u)s%(y)s")
                % {
                    "v": _number(indicator.target),
                    "u": indicator.unit,
                    "y": f" ({indicator.target_year})" if indicator.target_year else "",
                }
            )
        if indicator.source:
            parts.append(pgettext("fiche action publiée", "source : %(s)s") % {"s": indicator.source})
        facts.append((pgettext("fiche action publiée", "Indicateur"), " — ".join(p.strip() for p in parts)))
    for milestone in action.milestones.all():
        facts.append(
            (pgettext("fiche action publiée", "Jalon"), f"{_date(milestone.due_date)} — {milestone.title}")
        )
    return facts


def public_roadmap(residency) -> dict[str, Any] | None:
    try:
        vision_model = apps.get_model("roadmap", "Vision")
        action_model = apps.get_model("roadmap", "Action")
        axis_model = apps.get_model("roadmap", "Axis")
    except LookupError:
        return None
    public = "public"
    vision = vision_model.objects.filter(residency=residency).first()
    actions = (
        action_model.objects.filter(residency=residency, audience=public)
        .select_related("axis")
        .prefetch_related("indicators", "milestones")
        .order_by("axis__position", "axis_id", "priority", "number")
    )
    axes = (
        axis_model.objects.filter(residency=residency, actions__audience=public)
        .distinct()
        .order_by("position", "pk")
        .prefetch_related(Prefetch("actions", queryset=actions, to_attr="public_actions"))
    )
    axis_rows = []
    places = []
    next_steps = []
    if vision is not None and vision.governance.strip():
        next_steps.append(
            pgettext("fiche action publiée", "Gouvernance : %(text)s") % {"text": vision.governance.strip()}
        )
    for axis in axes:
        rows = []
        for action in axis.public_actions:
            label = f"{action.code} — {action.title}"
            rows.append(
                {
                    "code": action.code,
                    "title": label,
                    "description": action.description,
                    "facts": _facts(action),
                    "quick_win": action.quick_win,
                }
            )
            shape = _outer_coords(action.perimeter)
            if shape is not None:
                places.append({"kind": shape[0], "coords": shape[1], "label": label})
            elif action.has_position:
                places.append(
                    {"kind": "point", "coords": [(action.latitude, action.longitude)], "label": label}
                )
            if action.first_steps and (action.quick_win or action.horizon == "court"):
                next_steps.append(f"{label} : {action.first_steps}")
        axis_rows.append({"title": axis.title, "description": axis.description, "actions": rows})
    return {
        "vision_title": vision.title if vision else "",
        "vision": vision.text if vision else "",
        "axes": axis_rows,
        "places": places,
        "next_steps": next_steps,
    }
