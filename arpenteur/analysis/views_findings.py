"""Findings, enjeux, the trace pages and the deletion of material the analysis uses."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, ProtectedError, RestrictedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arpenteur.core.tabular import Column, twin_response
from arpenteur.residencies.access import residency_view

from . import services, trace
from .forms import EnjeuForm, FindingForm
from .models import Enjeu, Evidence, Finding, FindingNature, Segment, SwotKind
from .views import _context, _materials_for


def _visible_material_ids(request, residency, materials) -> set[int]:
    ids = {m.pk for m in materials}
    if not ids:
        return set()
    return set(_materials_for(request, residency).filter(pk__in=ids).values_list("pk", flat=True))


def _axes(residency) -> list[str]:
    values = set(residency.findings.exclude(axis="").values_list("axis", flat=True))
    values |= set(residency.enjeux.exclude(axis="").values_list("axis", flat=True))
    return sorted(values)


# --- Findings ---------------------------------------------------------------------------------------------

FINDING_COLUMNS = [
    Column("id", "Identifiant", lambda f: f.pk),
    Column("constat", "Constat", lambda f: f.title),
    Column("ffom", "Catégorie FFOM", lambda f: f.get_swot_display()),
    Column("nature", "Nature", lambda f: f.get_nature_display()),
    Column(
        "ressource", "Type de ressource", lambda f: f.get_resource_type_display() if f.resource_type else ""
    ),
    Column("axe", "Axe", lambda f: f.axis),
    Column("themes", "Thèmes", lambda f: [c.name for c in f.codes.all()]),
    Column("preuves", "Nombre de preuves", lambda f: len(f.evidence.all())),
    Column(
        "materiaux", "Matériaux cités", lambda f: sorted({e.source_material.pk for e in f.evidence.all()})
    ),
    Column("enjeux", "Enjeux", lambda f: [e.pk for e in f.enjeux.all()]),
]


def _findings_for(request, residency):
    return trace.prefetch_findings(
        Finding.objects.filter(residency=residency).visible_to(request.user, residency)
    ).prefetch_related("enjeux")


@residency_view("view")
def finding_list(request, residency, fmt=None):
    findings = _findings_for(request, residency).order_by("axis", "position", "pk")
    nature = request.GET.get("nature", "")
    if nature in FindingNature.values:
        findings = findings.filter(nature=nature)
    if fmt:
        if fmt == "geojson":
            raise Http404
        return twin_response(fmt, list(findings), FINDING_COLUMNS, filename=f"constats-{residency.pk}")
    findings = list(findings)
    quadrants = [(kind, label, [f for f in findings if f.swot == kind]) for kind, label in SwotKind.choices]
    axes: dict[str, list] = {}
    for finding in findings:
        axes.setdefault(finding.axis or _("Sans axe"), []).append(finding)
    context = _context(
        request,
        residency,
        "findings",
        quadrants=quadrants,
        axes=sorted(axes.items()),
        natures=FindingNature.choices,
        nature=nature,
        count=len(findings),
        twin_base=reverse("analysis:finding_list", args=[residency.pk]).rstrip("/"),
    )
    return render(request, "analysis/finding_list.html", context)


def _candidate_segments(residency, form, request, finding=None):
    """The segments shown as checkboxes: those cited, those asked for (?extrait=), the latest ones."""
    ids = {int(v) for v in request.GET.getlist("extrait") if v.isdigit()}
    if form.is_bound:
        ids |= {int(v) for v in form.data.getlist("segments") if str(v).isdigit()}
    if finding is not None:
        ids |= set(finding.evidence.exclude(segment=None).values_list("segment_id", flat=True))
    recent = list(
        Segment.objects.filter(residency=residency)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[:20]
    )
    rows = (
        Segment.objects.filter(residency=residency, pk__in=ids | set(recent))
        .select_related("material")
        .prefetch_related("codes")
    )
    return sorted(rows, key=lambda s: (s.pk not in ids, -s.pk)), ids


def _candidate_materials(residency, form, request, finding=None):
    from arpenteur.fieldwork.models import Material

    ids = {int(v) for v in request.GET.getlist("materiau") if v.isdigit()}
    if form.is_bound:
        ids |= {int(v) for v in form.data.getlist("materials") if str(v).isdigit()}
    if finding is not None:
        ids |= set(finding.evidence.exclude(material=None).values_list("material_id", flat=True))
    recent = list(
        Material.objects.filter(residency=residency)
        .approved()
        .order_by("-captured_at", "-pk")
        .values_list("pk", flat=True)[:15]
    )
    rows = Material.objects.filter(residency=residency, pk__in=ids | set(recent))
    return sorted(rows, key=lambda m: (m.pk not in ids, -m.pk)), ids


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def finding_edit(request, residency, finding_pk=None):
    finding = get_object_or_404(Finding, pk=finding_pk, residency=residency) if finding_pk else None
    form = FindingForm(request.POST or None, instance=finding, residency=residency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if finding is None or form.save_if_unchanged():
                    saved = services.save_finding(
                        finding=form.instance,
                        user=request.user,
                        segments=data["segments"],
                        materials=data["materials"],
                        codes=data["codes"],
                        replace_evidence=True,
                    )
                else:
                    saved = None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved is not None:
                messages.success(request, _("Constat enregistré."))
                return redirect("analysis:finding_detail", pk=residency.pk, finding_pk=saved.pk)
    segments, chosen_segments = _candidate_segments(residency, form, request, finding)
    materials, chosen_materials = _candidate_materials(residency, form, request, finding)
    if not form.is_bound:
        chosen_segments = {int(v) for v in form.initial.get("segments", [])} | {
            int(v) for v in request.GET.getlist("extrait") if v.isdigit()
        }
        chosen_materials = {int(v) for v in form.initial.get("materials", [])} | {
            int(v) for v in request.GET.getlist("materiau") if v.isdigit()
        }
        if not finding and chosen_segments:
            codes = list(Segment.objects.filter(pk__in=chosen_segments).values_list("codes", flat=True))
            form.initial["codes"] = [c for c in codes if c]
    context = _context(
        request,
        residency,
        "findings",
        form=form,
        finding=finding,
        candidate_segments=segments,
        chosen_segments=chosen_segments,
        candidate_materials=materials,
        chosen_materials=chosen_materials,
        axes=_axes(residency),
    )
    return render(request, "analysis/finding_form.html", context)


@residency_view("view")
def finding_detail(request, residency, finding_pk):
    finding = get_object_or_404(_findings_for(request, residency), pk=finding_pk)
    evidence = list(finding.evidence.all())
    visible = _visible_material_ids(request, residency, [e.source_material for e in evidence])
    shown = [e for e in evidence if e.source_material.pk in visible]
    context = _context(
        request,
        residency,
        "findings",
        finding=finding,
        evidence=shown,
        hidden_evidence=len(evidence) - len(shown),
        speakers=trace.speakers_by_material([e.source_material for e in shown]),
        enjeux=finding.enjeux.visible_to(request.user, residency).order_by("position", "pk"),
    )
    return render(request, "analysis/finding_detail.html", context)


@residency_view("edit")
@require_POST
def finding_delete(request, residency, finding_pk):
    finding = get_object_or_404(Finding, pk=finding_pk, residency=residency)
    try:
        services.delete_finding(finding=finding)
    except (ValidationError, ProtectedError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("analysis:finding_detail", pk=residency.pk, finding_pk=finding.pk)
    messages.success(request, _("Constat supprimé."))
    return redirect("analysis:finding_list", pk=residency.pk)


@residency_view("edit")
@require_POST
def evidence_remove(request, residency, evidence_pk):
    evidence = get_object_or_404(
        Evidence.objects.select_related("finding"), pk=evidence_pk, finding__residency=residency
    )
    try:
        services.remove_evidence(evidence=evidence)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Preuve retirée du constat."))
    return redirect("analysis:finding_detail", pk=residency.pk, finding_pk=evidence.finding_id)


# --- Enjeux -----------------------------------------------------------------------------------------------


@residency_view("view")
def enjeu_list(request, residency):
    enjeux = (
        Enjeu.objects.filter(residency=residency)
        .visible_to(request.user, residency)
        .annotate(
            n_findings=Count("findings", distinct=True), n_evidence=Count("findings__evidence", distinct=True)
        )
        .order_by("position", "pk")
    )
    return render(request, "analysis/enjeu_list.html", _context(request, residency, "enjeux", enjeux=enjeux))


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def enjeu_edit(request, residency, enjeu_pk=None):
    enjeu = get_object_or_404(Enjeu, pk=enjeu_pk, residency=residency) if enjeu_pk else None
    form = EnjeuForm(request.POST or None, instance=enjeu, residency=residency)
    if not form.is_bound and enjeu is None:
        form.initial["findings"] = [int(v) for v in request.GET.getlist("constat") if v.isdigit()]
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                ok = enjeu is None or form.save_if_unchanged()
                if ok:
                    saved = services.save_enjeu(
                        enjeu=form.instance, user=request.user, findings=form.cleaned_data["findings"]
                    )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if ok:
                messages.success(request, _("Enjeu enregistré."))
                return redirect("analysis:enjeu_detail", pk=residency.pk, enjeu_pk=saved.pk)
    return render(
        request,
        "analysis/enjeu_form.html",
        _context(request, residency, "enjeux", form=form, enjeu=enjeu, axes=_axes(residency)),
    )


@residency_view("view")
def enjeu_detail(request, residency, enjeu_pk):
    """The trace back: an enjeu, its findings, their evidence, the original material."""
    enjeu = get_object_or_404(
        trace.prefetch_enjeux(Enjeu.objects.filter(residency=residency).visible_to(request.user, residency)),
        pk=enjeu_pk,
    )
    findings = [
        f
        for f in enjeu.findings.all()
        if f.visibility != "equipe" or residency.can_be_edited_by(request.user)
    ]
    materials = trace.materials_of(findings)
    visible = _visible_material_ids(request, residency, materials)
    rows = []
    for finding in findings:
        evidence = [e for e in finding.evidence.all() if e.source_material.pk in visible]
        rows.append((finding, evidence, len(finding.evidence.all()) - len(evidence)))
    context = _context(
        request,
        residency,
        "enjeux",
        enjeu=enjeu,
        rows=rows,
        speakers=trace.speakers_by_material([m for m in materials if m.pk in visible]),
        extra=[u for provider in trace._usage_providers for u in provider([enjeu.pk], request.user)],
    )
    return render(request, "analysis/enjeu_detail.html", context)


@residency_view("edit")
@require_POST
def enjeu_delete(request, residency, enjeu_pk):
    enjeu = get_object_or_404(Enjeu, pk=enjeu_pk, residency=residency)
    try:
        with transaction.atomic():
            enjeu.delete()
    except (ProtectedError, RestrictedError):
        messages.error(
            request,
            _("Des actions de la feuille de route citent cet enjeu : retirez-le d’abord de ces actions."),
        )
        return redirect("analysis:enjeu_detail", pk=residency.pk, enjeu_pk=enjeu.pk)
    messages.success(request, _("Enjeu supprimé."))
    return redirect("analysis:enjeu_list", pk=residency.pk)


# --- From a material: where is it used, and deleting it safely ------------------------------------------------


@residency_view("view")
@require_http_methods(["GET", "POST"])
def material_usage(request, residency, material_pk):
    material = get_object_or_404(_materials_for(request, residency), pk=material_pk)
    usage = trace.material_usage(material, request.user)
    impact = services.material_impact(material) if residency.can_be_edited_by(request.user) else None
    if request.method == "POST":
        if not residency.can_be_edited_by(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if request.POST.get("decision") != "supprimer":
            messages.info(request, _("Le matériau est conservé."))
            return redirect("analysis:material_usage", pk=residency.pk, material_pk=material.pk)
        try:
            done = services.delete_material(material=material, user=request.user)
        except (ValidationError, ProtectedError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("analysis:material_usage", pk=residency.pk, material_pk=material.pk)
        messages.success(
            request,
            _("Matériau supprimé, avec %(s)s extrait(s) codé(s) et leurs citations dans %(f)s constat(s).")
            % {"s": len(done.segments), "f": len(done.findings_losing_evidence)},
        )
        return redirect("analysis:coding_list", pk=residency.pk)
    return render(
        request,
        "analysis/material_usage.html",
        _context(request, residency, "coding", material=material, usage=usage, impact=impact),
    )
