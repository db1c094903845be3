"""The register of actors (acteurs): list with its twins, create, edit, delete, the consent grid of one
actor, and the actor map (influence × interest, and by category) drawn on the server.

Personal data (real names, contacts, notes, consents) is shown to the team only. Partners and the
programme operator see the register pseudonymised: the public label (chosen public name or category),
the category, the status and the influence/interest scores — what an actor map needs, nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count, ProtectedError, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from arpenteur.core.tabular import Column, twin_response
from arpenteur.residencies.access import residency_view
from arpenteur.residencies.views import _residency_context

from .forms import ConsentForm, StakeholderForm
from .forms_actors import StakeholderFilterForm
from .models import Consent, Stakeholder
from .services import record_consents
from .services_actors import delete_stakeholder

# One colour per category, readable on white (contrast ≥ 4.5:1 for the labels drawn in them).
CATEGORY_COLOURS = {
    Stakeholder.Category.ELECTED: "#1d4f91",
    Stakeholder.Category.OFFICER: "#00695c",
    Stakeholder.Category.STATE: "#4a148c",
    Stakeholder.Category.ASSOCIATION: "#8a4b00",
    Stakeholder.Category.INHABITANT: "#2e7d32",
    Stakeholder.Category.BUSINESS: "#b3261e",
    Stakeholder.Category.RESEARCHER: "#5d4037",
    Stakeholder.Category.OTHER: "#455a64",
}

# The four quadrants of the classic stakeholder grid (scores 1–5, « high » from 3 up).
QUADRANTS = [
    (
        "cles",
        gettext_lazy("Acteurs clés"),
        gettext_lazy("Influence forte, intérêt fort : à associer étroitement."),
    ),
    (
        "satisfaire",
        gettext_lazy("À satisfaire"),
        gettext_lazy("Influence forte, intérêt faible : à tenir informés de près."),
    ),
    (
        "informer",
        gettext_lazy("À informer"),
        gettext_lazy("Influence faible, intérêt fort : à impliquer, ils portent des usages."),
    ),
    (
        "surveiller",
        gettext_lazy("À suivre"),
        gettext_lazy("Influence faible, intérêt faible : à garder en vue."),
    ),
]


def quadrant_of(influence: int, interest: int) -> str:
    high_influence, high_interest = influence >= 3, interest >= 3
    if high_influence:
        return "cles" if high_interest else "satisfaire"
    return "informer" if high_interest else "surveiller"


def actor_label(stakeholder: Stakeholder, team: bool) -> str:
    """How an actor is named for this viewer: the real name for the team, the public label otherwise."""
    return stakeholder.name if team else stakeholder.public_label


def _consent_summary(stakeholder: Stakeholder) -> list[str]:
    return [
        f"{c.get_medium_display()} / {c.get_purpose_display()}"
        for c in stakeholder.consents.all()
        if c.is_current
    ]


def stakeholder_columns(team: bool) -> list[Column]:
    common = [
        Column("id", "Identifiant", lambda s: s.pk),
        Column("nom_public", "Nom public", lambda s: s.public_label),
        Column("type", "Type", lambda s: s.get_kind_display()),
        Column("categorie", "Catégorie", lambda s: s.get_category_display()),
        Column("etat", "État", lambda s: s.get_status_display()),
        Column("influence", "Influence", lambda s: s.influence),
        Column("interet", "Intérêt", lambda s: s.interest),
    ]
    if not team:
        return common
    return common + [
        Column("nom", "Nom", lambda s: s.name),
        Column("structure", "Structure", lambda s: s.organisation),
        Column("fonction", "Fonction", lambda s: s.role),
        Column("courriel", "Courriel", lambda s: s.email),
        Column("telephone", "Téléphone", lambda s: s.phone),
        Column("comment_joindre", "Comment le joindre", lambda s: s.contact_notes),
        Column("rencontre_le", "Rencontré le", lambda s: s.met_on),
        Column("rencontre_ou", "Rencontré où", lambda s: s.met_where),
        Column("temps_sur_site", "Temps sur site", lambda s: s.met_session.title if s.met_session else ""),
        Column("consentements", "Consentements en cours", _consent_summary),
        Column("notes", "Notes", lambda s: s.notes),
    ]


def _stakeholders(residency, team: bool):
    qs = residency.stakeholders.all()
    if team:
        qs = qs.select_related("met_session").prefetch_related("consents")
    return qs.order_by("name", "pk")


@residency_view("view")
def stakeholder_list(request, residency, fmt=None):
    team = residency.can_be_edited_by(request.user)
    form = StakeholderFilterForm(request.GET or None, team=team)
    stakeholders = form.apply(_stakeholders(residency, team))
    if fmt == "geojson":
        raise Http404  # actors have no position of their own
    if fmt:
        return twin_response(
            fmt,
            stakeholders.iterator(chunk_size=500),
            stakeholder_columns(team),
            filename=f"acteurs-{residency.pk}",
            meta={"personnes_nommees": team},
        )
    stakeholders = list(stakeholders)
    for s in stakeholders:
        s.label = actor_label(s, team)
        if team:
            s.consent_summary = _consent_summary(s)
    context = _residency_context(
        request,
        residency,
        tab="arpenter",
        form=form,
        stakeholders=stakeholders,
        team=team,
        twin_base=reverse("fieldwork:stakeholders", args=[residency.pk]).rstrip("/"),
        counts=_category_counts(residency),
    )
    return render(request, "fieldwork/actors/list.html", context)


def _category_counts(residency) -> list[tuple[str, int]]:
    labels = dict(Stakeholder.Category.choices)
    rows = residency.stakeholders.values("category").annotate(n=Count("pk")).order_by("category")
    return [(labels.get(r["category"], r["category"]), r["n"]) for r in rows]


def _form_page(request, residency, form, stakeholder=None):
    return render(
        request,
        "fieldwork/actors/form.html",
        _residency_context(request, residency, tab="arpenter", form=form, stakeholder=stakeholder),
    )


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def stakeholder_create(request, residency):
    form = StakeholderForm(request.POST or None, residency=residency)
    if request.method == "POST" and form.is_valid():
        form.instance.residency = residency
        form.instance.created_by = request.user
        form.save()
        messages.success(request, _("Acteur ajouté au registre."))
        return redirect("fieldwork:stakeholder_detail", pk=residency.pk, stakeholder_pk=form.instance.pk)
    return _form_page(request, residency, form)


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def stakeholder_edit(request, residency, stakeholder_pk):
    stakeholder = get_object_or_404(residency.stakeholders, pk=stakeholder_pk)
    form = StakeholderForm(request.POST or None, instance=stakeholder, residency=residency)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Fiche de l’acteur enregistrée."))
        return redirect("fieldwork:stakeholder_detail", pk=residency.pk, stakeholder_pk=stakeholder.pk)
    return _form_page(request, residency, form, stakeholder)


@residency_view("edit")
@require_POST
def stakeholder_delete(request, residency, stakeholder_pk):
    """Deleting an actor keeps the material they appear in, brought back to the team (see
    services_actors.delete_stakeholder)."""
    stakeholder = get_object_or_404(residency.stakeholders, pk=stakeholder_pk)
    try:
        lowered = delete_stakeholder(stakeholder=stakeholder)
    except ProtectedError:
        messages.error(request, _("Cet acteur est encore cité ailleurs : retirez d’abord ces liens."))
        return redirect("fieldwork:stakeholder_detail", pk=residency.pk, stakeholder_pk=stakeholder.pk)
    messages.success(request, _("Acteur retiré du registre."))
    if lowered:
        messages.warning(
            request,
            _("Les saisies où il figurait sont ramenées à la visibilité « Équipe » : %(n)s.")
            % {"n": lowered},
        )
    return redirect("fieldwork:stakeholders", pk=residency.pk)


def _consent_rows(stakeholder):
    """The grid shown on the actor's page: one row per medium, one cell per purpose."""
    consents = {(c.medium, c.purpose): c for c in stakeholder.consents.all()}
    rows = []
    for medium, medium_label in Consent.Medium.choices:
        cells = []
        for purpose, _purpose_label in Consent.Purpose.choices:
            cells.append(consents.get((medium, purpose)))
        rows.append((medium_label, cells))
    return rows


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def stakeholder_detail(request, residency, stakeholder_pk):
    """The actor's page (team only): contact, meeting, and the consent grid, editable in place."""
    stakeholder = get_object_or_404(
        residency.stakeholders.select_related("met_session").prefetch_related("consents"), pk=stakeholder_pk
    )
    form = ConsentForm(request.POST or None, stakeholder=stakeholder)
    if request.method == "POST" and form.is_valid():
        record_consents(
            stakeholder=stakeholder,
            answers=form.answers(),
            given_on=form.cleaned_data["given_on"],
            source=form.cleaned_data["source"],
            note=form.cleaned_data["source_note"],
            by=request.user,
        )
        messages.success(request, _("Consentements enregistrés."))
        return redirect("fieldwork:stakeholder_detail", pk=residency.pk, stakeholder_pk=stakeholder.pk)
    materials = stakeholder.materials.approved().order_by("-captured_at", "-pk")[:20]
    context = _residency_context(
        request,
        residency,
        tab="arpenter",
        stakeholder=stakeholder,
        consent_form=form,
        consent_rows=_consent_rows(stakeholder),
        purposes=Consent.Purpose.choices,
        materials=materials,
    )
    return render(request, "fieldwork/actors/detail.html", context)


# --- The actor map -----------------------------------------------------------------------------


@dataclass
class Dot:
    label: str
    category: str
    category_label: str
    colour: str
    influence: int
    interest: int
    x: float = 0
    y: float = 0


# Geometry of the SVG (viewBox units): a 5 × 5 grid, interest on x, influence on y (up).
MARGIN_LEFT, MARGIN_TOP, CELL, GRID = 56, 16, 112, 5


def _place(dots: list[Dot]) -> None:
    """Spread the actors sharing a cell on a small grid inside it, so that no label hides another."""
    cells: dict[tuple[int, int], list[Dot]] = {}
    for dot in dots:
        cells.setdefault((dot.interest, dot.influence), []).append(dot)
    for (interest, influence), group in cells.items():
        left = MARGIN_LEFT + (interest - 1) * CELL
        top = MARGIN_TOP + (GRID - influence) * CELL
        step = CELL / (len(group) + 1)
        for index, dot in enumerate(group):
            dot.x = left + 10
            dot.y = top + step * (index + 1)


def actor_map_data(residency, team: bool) -> dict:
    stakeholders = list(residency.stakeholders.order_by("category", "name", "pk"))
    placed, unplaced = [], []
    for s in stakeholders:
        if s.influence is None or s.interest is None:
            unplaced.append(actor_label(s, team))
            continue
        placed.append(
            Dot(
                label=actor_label(s, team),
                category=s.category,
                category_label=s.get_category_display(),
                colour=CATEGORY_COLOURS.get(s.category, "#455a64"),
                influence=s.influence,
                interest=s.interest,
            )
        )
    _place(placed)
    quadrants = [
        {
            "key": key,
            "title": title,
            "help": help_text,
            "dots": [d for d in placed if quadrant_of(d.influence, d.interest) == key],
        }
        for key, title, help_text in QUADRANTS
    ]
    by_category = []
    for value, label in Stakeholder.Category.choices:
        names = [actor_label(s, team) for s in stakeholders if s.category == value]
        if names:
            by_category.append({"label": label, "colour": CATEGORY_COLOURS[value], "names": names})
    size = MARGIN_LEFT + GRID * CELL + 16
    return {
        "dots": placed,
        "unplaced": unplaced,
        "quadrants": quadrants,
        "by_category": by_category,
        "ticks": [
            {"n": n, "x": MARGIN_LEFT + (n - 0.5) * CELL, "y": MARGIN_TOP + (GRID - n + 0.5) * CELL}
            for n in range(1, GRID + 1)
        ],
        "grid_lines": [MARGIN_LEFT + i * CELL for i in range(GRID + 1)],
        "grid_lines_y": [MARGIN_TOP + i * CELL for i in range(GRID + 1)],
        "mid_x": MARGIN_LEFT + 2 * CELL,
        "key_size": 3 * CELL,
        "mid_y": MARGIN_TOP + 3 * CELL,
        "left": MARGIN_LEFT,
        "top": MARGIN_TOP,
        "right": MARGIN_LEFT + GRID * CELL,
        "bottom": MARGIN_TOP + GRID * CELL,
        "width": size,
        "height": MARGIN_TOP + GRID * CELL + 48,
        "axis_x": MARGIN_LEFT + GRID * CELL / 2,
        "axis_y": MARGIN_TOP + GRID * CELL / 2,
        "caption_y": MARGIN_TOP + GRID * CELL + 40,
    }


@residency_view("view")
def actor_map(request, residency):
    team = residency.can_be_edited_by(request.user)
    context = _residency_context(
        request, residency, tab="arpenter", team=team, map=actor_map_data(residency, team)
    )
    return render(request, "fieldwork/actors/map.html", context)


def phase_panel_context(request, residency) -> dict | None:
    """The « Arpenter » phase page shows a short summary of the register and links to it."""
    if not residency.can_be_viewed_by(request.user):
        return None
    counts = residency.stakeholders.aggregate(
        total=Count("pk"), met=Count("pk", filter=Q(status=Stakeholder.Status.MET))
    )
    return {
        "residency": residency,
        "actor_counts": counts,
        "can_edit": residency.can_be_edited_by(request.user),
        "can_admin": residency.can_be_administered_by(request.user),
    }
