"""The public content of a residency: the ONLY door through which anything reaches a public page,
a public PDF, a poster, the open-data package or the API.

It is an allow-list. Each field copied here was chosen because it is meant for publication:
team-written connecting text, publishable material (the fieldwork app's `publishable()` policy:
approved, visibility public, every actor consented to publication for every medium), findings and
enjeux marked publishable, organisation names of the parties, public territory figures. Nothing
else is read: no notes, no contacts, no e-mail addresses, no people's names (actors appear by their
public label; team members by their organisation), no file names, no budgets.

The templates receive plain dicts built here, never model instances, so a template cannot wander
into a relation that was not meant to be public.

Apps later merged in the chain (fieldwork, analysis, roadmap, commissioning) are read through
`apps.get_model`: when one is not installed the section is marked absent, never an error.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from arpenteur.residencies.models import Party, Residency

from .maps import MapFeature, MapSpec
from .models import CahierItem, CahierSection, licence_details

logger = logging.getLogger(__name__)

TEAM_ROLES = (Party.Role.LEAD_CONTRACTOR, Party.Role.TEAM)


def _model(app_label: str, name: str):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


@dataclass
class Section:
    key: str
    title: str
    text: str = ""
    available: bool = True
    absent_reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class PublicContent:
    meta: dict[str, Any]
    sections: list[Section]
    quotes: list[dict[str, Any]] = field(default_factory=list)
    photos: list[dict[str, Any]] = field(default_factory=list)
    maps: list[MapSpec] = field(default_factory=list)
    # material id → storage name: used by the renderers to read image bytes, never shown.
    photo_files: dict[int, str] = field(default_factory=dict)
    absent_sources: list[str] = field(default_factory=list)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


# --- Publishable rows from the other apps, one function each ----------------------------------------


def publishable_materials(residency: Residency):
    """The fieldwork policy, or nothing when fieldwork is not installed."""
    material = _model("fieldwork", "Material")
    if material is None:
        return None
    return material.objects.filter(residency=residency).publishable()


def material_public_row(m, labels: dict[int, list[str]]) -> dict[str, Any]:
    return {
        "id": m.pk,
        "kind": m.kind,
        "kind_label": str(m.get_kind_display()),
        "title": m.title,
        "text": m.body,
        "captured_on": m.captured_at.date() if m.captured_at else None,
        "place": m.place_label,
        "latitude": m.latitude,
        "longitude": m.longitude,
        "speakers": labels.get(m.pk, []),
        "has_image": m.kind in m.IMAGE_KINDS and bool(m.file),
    }


def speaker_labels(material_ids: list[int]) -> dict[int, list[str]]:
    """Public labels (pseudonym or category) of the actors linked to these materials."""
    link = _model("fieldwork", "MaterialStakeholder")
    if link is None or not material_ids:
        return {}
    labels: dict[int, list[str]] = {}
    for row in link.objects.filter(material_id__in=material_ids).select_related("stakeholder").order_by("pk"):
        labels.setdefault(row.material_id, []).append(row.stakeholder.public_label)
    return labels


def _met_stakeholders(residency: Residency):
    stakeholder = _model("fieldwork", "Stakeholder")
    if stakeholder is None:
        return None
    return stakeholder.objects.filter(residency=residency)


def actors_for_annex(residency: Residency) -> list[str] | None:
    """Actors met, as they may be named publicly: organisations under their name only when they
    consented to the publication of text; people never by their real name (fieldwork's rule), only
    by the public label they chose, and only with that consent."""
    qs = _met_stakeholders(residency)
    if qs is None:
        return None
    consent = _model("fieldwork", "Consent")
    granted = consent.objects.filter(consent.current_q(), medium="texte", purpose="publication")
    names = []
    for s in qs.filter(status="rencontre", consents__in=granted).distinct().order_by("name", "pk"):
        if s.kind == "organisation":
            names.append(s.name)
        elif s.pseudonym:
            names.append(s.pseudonym)
    return sorted(set(names))


def participants_by_category(residency: Residency) -> list[dict[str, Any]] | None:
    qs = _met_stakeholders(residency)
    if qs is None:
        return None
    labels = dict(qs.model.Category.choices)
    rows = qs.filter(status="rencontre").values("category").annotate(n=Count("pk")).order_by("category")
    return [{"category": str(labels.get(r["category"], r["category"])), "count": r["n"]} for r in rows]


def activities(residency: Residency) -> list[dict[str, Any]] | None:
    activity = _model("fieldwork", "Activity")
    if activity is None:
        return None
    rows = []
    # Every activity counts for the methods and the participants; only those marked public
    # (published programme) are listed with their title and place.
    for a in activity.objects.filter(session__residency=residency).select_related("method", "session"):
        if not a.is_public:
            rows.append(
                {
                    "title": "",
                    "method": a.method.name if a.method_id else "",
                    "participants": a.actual_participants,
                    "public": False,
                }
            )
            continue
        rows.append(
            {
                "title": a.title,
                "day": a.day,
                "place": a.place,
                "method": a.method.name if a.method_id else "",
                "participants": a.actual_participants,
                "route": a.route if a.is_public else None,
                "session": a.session.title,
                "public": True,
            }
        )
    return rows


def public_findings(residency: Residency):
    finding = _model("analysis", "Finding")
    if finding is None:
        return None
    return [
        {
            "id": f.pk,
            "title": f.title,
            "description": f.description,
            "swot": f.swot,
            "swot_label": str(f.get_swot_display()),
            "nature_label": str(f.get_nature_display()),
            "axis": f.axis,
        }
        for f in finding.objects.filter(residency=residency, visibility="public").order_by(
            "axis", "position", "pk"
        )
    ]


def public_enjeux(residency: Residency):
    enjeu = _model("analysis", "Enjeu")
    if enjeu is None:
        return None
    public_finding_ids = None
    rows = []
    for e in (
        enjeu.objects.filter(residency=residency, visibility="public")
        .prefetch_related("findings")
        .order_by("position", "pk")
    ):
        public_finding_ids = [f.pk for f in e.findings.all() if f.visibility == "public"]
        rows.append(
            {
                "id": e.pk,
                "title": e.title,
                "description": e.description,
                "axis": e.axis,
                "finding_ids": public_finding_ids,
            }
        )
    return rows


def roadmap(residency: Residency) -> dict[str, Any] | None:
    """Vision, axes and actions of the roadmap app, when it is installed. Adapted to its models at
    merge time; until then the sections are absent."""
    from . import roadmap_source

    return roadmap_source.public_roadmap(residency)


def commission(residency: Residency) -> dict[str, Any]:
    """The question and, when the commissioning app is there, the stakes and expected deliverables
    of the intention (never its budget, contacts or notes)."""
    data: dict[str, Any] = {"question": residency.question, "stakes": [], "deliverables": [], "intention": ""}
    intention_model = _model("commissioning", "Intention")
    if intention_model is not None:
        intention = intention_model.objects.filter(residency=residency).first()
        if intention is not None:
            data["intention"] = intention.question
            data["stakes"] = intention.stake_labels()
            data["deliverables"] = intention.deliverable_labels()
    return data


# --- Assembly ----------------------------------------------------------------------------------------


def territory_portrait(residency: Residency) -> dict[str, Any]:
    c = residency.commune
    density = None
    if c.population and c.area_km2:
        density = round(float(c.population) / float(c.area_km2), 1)
    figures = [
        {
            "label": _("Population municipale"),
            "value": c.population,
            "unit": _("habitants"),
            "source": _("Insee, populations légales %(year)s") % {"year": c.population_year}
            if c.population_year
            else _("Insee, populations légales"),
        },
        {"label": _("Superficie"), "value": c.area_km2, "unit": "km²", "source": _("Insee, COG")},
        {"label": _("Densité"), "value": density, "unit": _("hab./km²"), "source": _("calcul Arpenteur")},
    ]
    return {
        "commune": c.name,
        "insee": c.code,
        "cog_year": c.cog_year,
        "departement": f"{c.departement.name} ({c.departement.code})",
        "region": c.region.name,
        "epci": c.epci.name if c.epci_id else "",
        "figures": [f for f in figures if f["value"] not in (None, "")],
        "sources": [
            _("Code officiel géographique (COG) %(year)s, Insee — Licence Ouverte 2.0")
            % {"year": c.cog_year},
        ],
    }


def collect(residency: Residency, *, include_excluded_sections: bool = False) -> PublicContent:
    """Everything publishable of a residency, ready for the templates and the exports."""
    residency = (
        Residency.objects.select_related("commune__departement", "commune__region", "commune__epci", "format")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organisation").order_by("role", "pk"))
        )
        .get(pk=residency.pk)
    )
    from .services import ensure_cahier_sections, get_publication

    publication = get_publication(residency)
    sections_conf = ensure_cahier_sections(residency)
    absent: list[str] = []

    parties = list(residency.parties.all())
    team_orgs = sorted({p.organisation.name for p in parties if p.role in TEAM_ROLES})
    partner_orgs = [
        {"name": p.organisation.name, "role": str(p.get_role_display())}
        for p in parties
        if p.role not in TEAM_ROLES
    ]
    sessions = [
        {
            "title": s.title,
            "start": s.start_date,
            "end": s.end_date,
            "place": s.place,
            "phase": str(s.get_phase_display()),
            "latitude": s.latitude,
            "longitude": s.longitude,
        }
        for s in residency.sessions.order_by("start_date", "position", "pk")
    ]
    meta = {
        "pk": residency.pk,
        "title": residency.title,
        "commune": residency.commune.name,
        "insee": residency.commune.code,
        "cog_year": residency.commune.cog_year,
        "departement": residency.commune.departement.name,
        "region": residency.commune.region.name,
        "start": residency.start_date,
        "end": residency.end_date,
        "format_name": residency.format_name,
        "question": residency.question,
        "licence": licence_details(publication.licence),
        "summary": publication.summary,
        "published": publication.is_published,
        "published_at": publication.published_at,
        "team": team_orgs,
        "partners": partner_orgs,
        "generated_on": date.today(),
        "latitude": residency.commune.latitude,
        "longitude": residency.commune.longitude,
    }

    # Material: publishable only, then the team's choice and order.
    materials = publishable_materials(residency)
    quotes: list[dict] = []
    photos: list[dict] = []
    photo_files: dict[int, str] = {}
    points: list[dict] = []
    if materials is None:
        absent.append("fieldwork")
    else:
        chosen = list(CahierItem.objects.filter(residency=residency).order_by("kind", "position", "pk"))
        by_id = {m.pk: m for m in materials.filter(pk__in=[c.material_id for c in chosen])}
        labels = speaker_labels(list(by_id))
        for item in chosen:
            m = by_id.get(item.material_id)
            if m is None:  # no longer publishable: consent withdrawn, made private…
                continue
            row = {**material_public_row(m, labels), "caption": item.caption}
            if item.kind == CahierItem.Kind.PHOTO and row["has_image"]:
                photos.append(row)
                photo_files[m.pk] = m.file.name
            elif item.kind == CahierItem.Kind.QUOTE and m.body:
                quotes.append(row)
        points = [
            {"id": m_id, "title": title or str(kind), "latitude": lat, "longitude": lon}
            for m_id, title, kind, lat, lon in materials.exclude(latitude=None)
            .exclude(longitude=None)
            .order_by("captured_at", "pk")
            .values_list("pk", "title", "kind", "latitude", "longitude")[:200]
        ]

    findings = public_findings(residency)
    enjeux = public_enjeux(residency)
    if findings is None:
        absent.append("analysis")
    road = roadmap(residency)
    if road is None:
        absent.append("roadmap")
    acts = activities(residency)
    counts = participants_by_category(residency)
    actors = actors_for_annex(residency)
    methods = sorted({a["method"] for a in acts or [] if a["method"]})

    # Maps: the territory with the sessions; the material gathered; the roadmap's places.
    centre = (meta["latitude"], meta["longitude"]) if meta["latitude"] is not None else None
    session_features = [
        MapFeature("point", [(s["latitude"], s["longitude"])], s["title"], i + 1, "session")
        for i, s in enumerate(x for x in sessions if x["latitude"] is not None)
    ]
    route_features = [
        MapFeature("line", [(lat, lon) for lon, lat in a["route"]["coordinates"]], a["title"], None, "line")
        for a in acts or []
        if a["public"] and isinstance(a.get("route"), dict) and a["route"].get("type") == "LineString"
    ]
    maps = [
        MapSpec(
            _("%(commune)s : les temps sur site") % {"commune": meta["commune"]},
            centre,
            session_features + route_features,
            centre_label=meta["commune"],
        )
    ]
    if points:
        maps.append(
            MapSpec(
                _("Ce que nous avons vu et entendu : %(n)s lieux") % {"n": len(points)},
                centre,
                [
                    MapFeature("point", [(p["latitude"], p["longitude"])], p["title"], i + 1)
                    for i, p in enumerate(points[:60])
                ],
                centre_label=meta["commune"],
            )
        )
    if road and road.get("places"):
        maps.append(
            MapSpec(
                _("La feuille de route sur le territoire"),
                centre,
                [
                    MapFeature(p["kind"], p["coords"], p["label"], i + 1, "polygon")
                    for i, p in enumerate(road["places"])
                ],
                centre_label=meta["commune"],
            )
        )

    data_for = {
        "dispositif": {"format_name": meta["format_name"], "partners": partner_orgs, "team": team_orgs},
        "portrait": territory_portrait(residency),
        "commande": commission(residency),
        "deroule": {
            "sessions": sessions,
            "activities": acts,
            "methods": methods,
            "participants": counts,
            "participants_total": sum(c["count"] for c in counts or []),
        },
        "vu_entendu": {"quotes": quotes, "photos": photos},
        "diagnostic": {"findings": findings, "enjeux": enjeux},
        "vision": {
            "vision": road.get("vision") if road else None,
            "vision_title": road.get("vision_title") if road else "",
        },
        "feuille_de_route": {
            "axes": road.get("axes") if road else None,
            "places": road.get("places") if road else [],
        },
        "suites": {"next_steps": road.get("next_steps") if road else None},
        "annexes": {"sessions": sessions, "methods": methods, "actors": actors},
    }
    source_of = {
        "vu_entendu": "fieldwork",
        "diagnostic": "analysis",
        "vision": "roadmap",
        "feuille_de_route": "roadmap",
    }
    sections = []
    for conf in sections_conf:
        if not conf.included and not include_excluded_sections:
            continue
        source = source_of.get(conf.key)
        available = source not in absent
        sections.append(
            Section(
                key=conf.key,
                title=str(CahierSection.Key(conf.key).label),
                text=conf.text,
                available=available,
                absent_reason=_(
                    "Cette partie sera nourrie par le module « %(app)s » lorsqu’il sera installé."
                )
                % {"app": source}
                if not available
                else "",
                data=data_for[conf.key],
            )
        )
    return PublicContent(
        meta=meta,
        sections=sections,
        quotes=quotes,
        photos=photos,
        maps=maps,
        photo_files=photo_files,
        absent_sources=absent,
    )
