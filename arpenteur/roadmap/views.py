"""Views of the roadmap. Every view goes through `residency_view(need)`: editors of the residency
(commissioners, coordinators, team members, staff) write; partners and the programme operator read
what is shared with members (`Action.objects.visible_to`); outsiders get a 404. The public sees the
roadmap only through the publications app (its `roadmap_source` reads publishable actions only)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from arpenteur.analysis.models import Enjeu
from arpenteur.core.tabular import Column, twin_response
from arpenteur.residencies.access import residency_view
from arpenteur.residencies.views import _residency_context

from . import services, trace
from .forms import (
    ActionForm,
    AxisForm,
    ExportForm,
    FundingFormSet,
    IndicatorFormSet,
    MilestoneFormSet,
    VisionForm,
)
from .models import Action, Axis, ExportJob, Vision

VIEWS = {
    "axes": gettext_lazy("Actions par axe"),
    "calendrier": gettext_lazy("Actions par horizon"),
    "porteurs": gettext_lazy("Actions par porteur"),
    "rapides": gettext_lazy("Actions rapides"),
}


def _context(request, residency, section, **extra):
    return _residency_context(request, residency, tab="prefigurer", roadmap_section=section, **extra)


def _actions(request, residency):
    """The actions `request.user` may read, with what every list shows, in a bounded number of queries."""
    return (
        Action.objects.visible_to(request.user, residency)
        .select_related("axis")
        .prefetch_related("enjeux", "milestones", "funding_lines")
        .order_by("axis__position", "axis__pk", "priority", "number")
    )


ACTION_COLUMNS = [
    Column("code", "Code", lambda a: a.code),
    Column("id", "Identifiant", lambda a: a.pk),
    Column("action", "Action", lambda a: a.title),
    Column("axe", "Axe", lambda a: a.axis.title),
    Column("description", "Description", lambda a: a.description),
    Column("objectifs", "Objectifs", lambda a: a.objectives),
    Column("lieu", "Lieu", lambda a: a.place),
    Column("latitude", "Latitude", lambda a: a.latitude),
    Column("longitude", "Longitude", lambda a: a.longitude),
    Column("porteur", "Porteur", lambda a: a.lead),
    Column("partenaires", "Partenaires", lambda a: a.partner_list),
    Column("etat", "État", lambda a: a.status),
    Column("priorite", "Priorité", lambda a: a.priority),
    Column("horizon", "Horizon", lambda a: a.horizon),
    Column("action_rapide", "Action rapide", lambda a: a.quick_win),
    Column("debut", "Début", lambda a: a.start_date),
    Column("fin", "Fin", lambda a: a.end_date),
    Column("cout_ht", "Coût HT", lambda a: a.cost_ht),
    Column("cout_ttc", "Coût TTC", lambda a: a.cost_ttc),
    Column("financements", "Financements", lambda a: a.total_funding),
    Column("jalons", "Jalons", lambda a: [f"{m.due_date.isoformat()} {m.title}" for m in a.milestones.all()]),
    Column("enjeux", "Enjeux", lambda a: [e.pk for e in a.enjeux.all()]),
]


def _timeline(actions):
    """Bars of the calendar: each dated action placed on the span of all the dates shown.

    Drawn as SVG (percentages in attributes, no inline style, so the strict CSP holds); the dates
    are also written in text next to each bar."""
    dated = [a for a in actions if a.start_date or a.end_date]
    if not dated:
        return None
    first = min((a.start_date or a.end_date) for a in dated)
    last = max((a.end_date or a.start_date) for a in dated)
    start, end = date(first.year, 1, 1), date(last.year + 1, 1, 1)
    span = (end - start).days
    years = [
        (year, round((date(year, 1, 1) - start).days * 100 / span, 2)) for year in range(start.year, end.year)
    ]
    for action in dated:
        a_start, a_end = action.start_date or action.end_date, action.end_date or action.start_date
        x = (a_start - start).days * 100 / span
        width = max((a_end - a_start).days * 100 / span, 0.8)
        marks = [
            round((m.due_date - start).days * 100 / span, 2)
            for m in action.milestones.all()
            if start <= m.due_date < end
        ]
        action.bar = {"x": round(x, 2), "width": round(width, 2), "marks": marks}
    return {"years": years}


@residency_view("view")
def roadmap_home(request, residency, view="axes", fmt=None):
    """The roadmap: the vision, then the actions by axis, by horizon (a calendar), by lead, or the
    quick wins only. `.json` and `.csv` twins give the very rows the page shows."""
    actions = _actions(request, residency)
    if view == "rapides":
        actions = actions.filter(quick_win=True)
    if fmt:
        if fmt == "geojson":
            raise Http404
        return twin_response(fmt, list(actions), ACTION_COLUMNS, filename=f"feuille-de-route-{residency.pk}")
    actions = list(actions)
    if view == "calendrier":
        groups = [
            (label, [a for a in actions if a.horizon == value]) for value, label in Action.Horizon.choices
        ]
        groups = [(label, items) for label, items in groups if items]
        timeline = _timeline(actions)
    elif view == "porteurs":
        leads: dict[str, list] = {}
        for action in sorted(actions, key=lambda a: (a.lead.casefold(), a.number)):
            leads.setdefault(action.lead, []).append(action)
        groups, timeline = list(leads.items()), None
    else:
        axes = list(Axis.objects.filter(residency=residency).order_by("position", "pk"))
        groups = [(axis, [a for a in actions if a.axis_id == axis.pk]) for axis in axes]
        if view == "rapides":
            groups = [(axis, items) for axis, items in groups if items]
        timeline = None
    vision = Vision.objects.filter(residency=residency).first()
    context = _context(
        request,
        residency,
        view,
        vision=vision,
        groups=groups,
        timeline=timeline,
        view=view,
        view_label=VIEWS[view],
        count=len(actions),
        enjeux_count=residency.enjeux.count(),
        twin_base=reverse("roadmap:home", args=[residency.pk]).rstrip("/") + "/actions",
        export_form=ExportForm(),
    )
    return render(request, "roadmap/home.html", context)


# --- Vision and axes --------------------------------------------------------------------------------------


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def vision_edit(request, residency):
    vision = services.get_or_create_vision(residency)
    form = VisionForm(request.POST or None, instance=vision)
    if request.method == "POST" and form.is_valid():
        form.instance.updated_by = request.user
        if form.save_if_unchanged():
            messages.success(request, _("Vision partagée enregistrée."))
            return redirect("roadmap:home", pk=residency.pk)
    return render(request, "roadmap/vision_form.html", _context(request, residency, "axes", form=form))


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def axis_edit(request, residency, axis_pk=None):
    axis = get_object_or_404(Axis, pk=axis_pk, residency=residency) if axis_pk else None
    form = AxisForm(request.POST or None, instance=axis, residency=residency)
    if not form.is_bound and axis is None:
        form.initial["position"] = Axis.objects.filter(residency=residency).count() + 1
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Axe enregistré."))
        return redirect("roadmap:home", pk=residency.pk)
    return render(
        request, "roadmap/axis_form.html", _context(request, residency, "axes", form=form, axis=axis)
    )


@residency_view("edit")
@require_POST
def axis_delete(request, residency, axis_pk):
    axis = get_object_or_404(Axis, pk=axis_pk, residency=residency)
    try:
        services.delete_axis(axis=axis)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Axe supprimé."))
    return redirect("roadmap:home", pk=residency.pk)


# --- Actions ----------------------------------------------------------------------------------------------


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def action_edit(request, residency, action_pk=None):
    """Create or change a fiche action with its calendar, indicators and funding plan. Two people
    editing one action: the second submit shows a conflict and keeps what they typed."""
    action = get_object_or_404(Action, pk=action_pk, residency=residency) if action_pk else None
    data = request.POST if request.method == "POST" else None
    form = ActionForm(data, instance=action, residency=residency)
    target = action or Action(residency=residency)
    formsets = {
        "milestones": MilestoneFormSet(data, target),
        "indicators": IndicatorFormSet(data, target),
        "funding": FundingFormSet(data, target),
    }
    if not form.is_bound and action is None:
        form.initial["enjeux"] = [int(v) for v in request.GET.getlist("enjeu") if v.isdigit()]
        if (axis := request.GET.get("axe", "")).isdigit():
            form.initial["axis"] = int(axis)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        saved = None
        try:
            with transaction.atomic():
                if action is None or form.save_if_unchanged():
                    instance = form.instance if action else form.save(commit=False)
                    saved = services.save_action(
                        action=instance, user=request.user, enjeux=form.cleaned_data["enjeux"]
                    )
                    for formset in formsets.values():
                        formset.instance = saved
                        formset.save()
        except ValidationError as error:
            saved = None
            form.add_error(None, error)
        if saved is not None:
            messages.success(request, _("Fiche action enregistrée."))
            return redirect("roadmap:action_detail", pk=residency.pk, action_pk=saved.pk)
    context = _context(
        request,
        residency,
        "axes",
        form=form,
        action=action,
        formsets=formsets,
        no_axes=not Axis.objects.filter(residency=residency).exists(),
        no_enjeux=not residency.enjeux.exists(),
        basemap_url=settings.BASEMAP_URL,
        basemap_attribution=settings.BASEMAP_ATTRIBUTION,
        centre=(residency.commune.latitude, residency.commune.longitude),
    )
    return render(request, "roadmap/action_form.html", context)


def _action_for(request, residency, action_pk, *, whole_trace=False):
    """One action the user may read, with its enjeux — and, for the trace page, everything behind them."""
    actions = (
        Action.objects.visible_to(request.user, residency)
        .select_related("axis", "created_by")
        .prefetch_related("milestones", "indicators", "funding_lines")
    )
    if whole_trace:
        actions = trace.with_enjeux(actions, request.user, residency)
    else:
        enjeux = Enjeu.objects.filter(residency=residency).visible_to(request.user, residency)
        actions = actions.prefetch_related(Prefetch("enjeux", queryset=enjeux.order_by("position", "pk")))
    return get_object_or_404(actions, pk=action_pk)


ACTION_DETAIL_COLUMNS = ACTION_COLUMNS + [
    Column(
        "indicateurs",
        "Indicateurs",
        lambda a: [
            {
                "nom": i.name,
                "depart": i.baseline,
                "annee_depart": i.baseline_year,
                "cible": i.target,
                "annee_cible": i.target_year,
                "unite": i.unit,
                "source": i.source,
            }
            for i in a.indicators.all()
        ],
    ),
    Column(
        "plan_de_financement",
        "Plan de financement",
        lambda a: [
            {"financeur": f.funder, "montant": f.amount, "etat": f.status} for f in a.funding_lines.all()
        ],
    ),
    Column("perimetre", "Périmètre", lambda a: a.perimeter),
]


@residency_view("view")
def action_detail(request, residency, action_pk, fmt=None):
    action = _action_for(request, residency, action_pk)
    if fmt:
        if fmt != "json":
            raise Http404
        return twin_response(fmt, [action], ACTION_DETAIL_COLUMNS, filename=f"action-{action.pk}")
    context = _context(request, residency, "axes", action=action, enjeux=list(action.enjeux.all()))
    return render(request, "roadmap/action_detail.html", context)


@residency_view("view")
def action_trace(request, residency, action_pk):
    """The trace back, on one page: action → enjeux → findings → evidence → original material."""
    action = _action_for(request, residency, action_pk, whole_trace=True)
    (item,) = trace.walk([action], request.user, residency)
    return render(
        request, "roadmap/action_trace.html", _context(request, residency, "axes", action=action, item=item)
    )


@residency_view("edit")
@require_POST
def action_delete(request, residency, action_pk):
    action = get_object_or_404(Action, pk=action_pk, residency=residency)
    services.delete_action(action=action)
    messages.success(request, _("Fiche action supprimée."))
    return redirect("roadmap:home", pk=residency.pk)


# --- Exports ----------------------------------------------------------------------------------------------


def roadmap_data(residency, user) -> dict:
    """Everything an export holds, as `user` may read it (editors: all; others: what is shared;
    nobody known — the requester's account was deleted — only what is publishable)."""
    if user is None:
        user = AnonymousUser()
    actions = trace.with_enjeux(
        Action.objects.visible_to(user, residency)
        .select_related("axis")
        .prefetch_related("milestones", "indicators", "funding_lines")
        .order_by("axis__position", "axis__pk", "priority", "number"),
        user,
        residency,
    )
    traces = trace.walk(actions, user, residency)
    axes = list(Axis.objects.filter(residency=residency).order_by("position", "pk"))
    return {
        "residency": residency,
        "vision": Vision.objects.filter(residency=residency).first(),
        "axes": [(axis, [t for t in traces if t.action.axis_id == axis.pk]) for axis in axes],
        "traces": traces,
    }


@residency_view("view")
@require_POST
def export_request(request, residency):
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un format d’export : tableur (XLSX) ou document (PDF)."))
        return redirect("roadmap:home", pk=residency.pk)
    job = services.request_export(residency=residency, kind=form.cleaned_data["kind"], user=request.user)
    return redirect("roadmap:export_status", pk=residency.pk, job_pk=job.pk)


def _job_for(request, residency, job_pk, **filters):
    # An export holds what its requester could read: a partner never opens the team's export.
    jobs = ExportJob.objects.filter(residency=residency, **filters)
    if not residency.can_be_edited_by(request.user):
        jobs = jobs.filter(audience=ExportJob.ForAudience.MEMBERS)
    return get_object_or_404(jobs, pk=job_pk)


@residency_view("view")
def export_status(request, residency, job_pk):
    job = _job_for(request, residency, job_pk)
    template = "roadmap/partials/export_status.html" if request.htmx else "roadmap/export_status.html"
    return render(request, template, _context(request, residency, "axes", job=job))


@residency_view("view")
def export_download(request, residency, job_pk):
    job = _job_for(request, residency, job_pk, status=ExportJob.Status.DONE)
    if not job.file:
        raise Http404
    content_type = (
        "application/pdf"
        if job.kind == ExportJob.Kind.PDF
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=f"feuille-de-route-{residency.pk}.{job.kind}",
        content_type=content_type,
    )


# --- Phase panels -----------------------------------------------------------------------------------------


def phase_panel_context(request, residency) -> dict | None:
    """The roadmap on the Préfigurer and Suivre pages: how many actions, where they stand."""
    if not residency.can_be_viewed_by(request.user):
        return None
    actions = list(Action.objects.visible_to(request.user, residency).only("status", "quick_win", "audience"))
    by_status = [
        (label, sum(1 for a in actions if a.status == value)) for value, label in Action.Status.choices
    ]
    return {
        "residency": residency,
        "count": len(actions),
        "quick_wins": sum(1 for a in actions if a.quick_win),
        "by_status": [(label, n) for label, n in by_status if n],
        "has_vision": Vision.objects.filter(residency=residency).exclude(text="").exists(),
        "can_edit": residency.can_be_edited_by(request.user),
    }
