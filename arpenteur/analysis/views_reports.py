"""Rapports d'étonnement: written by the team from the astonishments captured on site, exported as
PDF in the background."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arpenteur.residencies.access import residency_view

from .forms import AstonishmentReportForm
from .models import AstonishmentReport, PdfExport
from .tasks import render_report_pdf
from .views import _context


@residency_view("view")
def report_list(request, residency):
    reports = (
        residency.astonishment_reports.select_related("session")
        .prefetch_related("authors")
        .order_by("created_at", "pk")
    )
    return render(
        request, "analysis/report_list.html", _context(request, residency, "reports", reports=reports)
    )


def draft_from_astonishments(residency, session) -> dict:
    """Pre-fill a report from what was captured on site: the astonishments, invisible uses, tensions
    and resources noted on the phone during the session (or the whole residency)."""
    from arpenteur.fieldwork.models import Material

    materials = Material.objects.filter(residency=residency).approved()
    if session is not None:
        materials = materials.filter(session=session)
    materials = list(
        materials.order_by("captured_at", "pk").prefetch_related("tags", "stakeholder_links__stakeholder")
    )

    def line(m):
        where = f" ({m.place_label})" if m.place_label else ""
        return f"- {m.title or m.get_kind_display()}{where} : {(m.body or m.transcript).strip()[:400]}"

    astonishments = [line(m) for m in materials if m.kind == Material.Kind.ASTONISHMENT]
    uses = [line(m) for m in materials if m.invisible_use or m.latent_tension]
    resources = sorted({t.label for m in materials for t in m.tags.all() if t.kind == "ressource"})
    people = sorted({link.stakeholder.public_label for m in materials for link in m.stakeholder_links.all()})
    impressions = [
        line(m)
        for m in materials
        if m.kind in (Material.Kind.NOTE, Material.Kind.PHOTO) and not m.invisible_use
    ][:8]
    return {
        "astonishments": "\n".join(astonishments),
        "invisible_uses": "\n".join(uses),
        "resources": "\n".join(f"- {label}" for label in resources),
        "people_met": ", ".join(people),
        "impressions": "\n".join(impressions),
    }


@residency_view("edit")
@require_http_methods(["GET", "POST"])
def report_edit(request, residency, report_pk=None):
    report = get_object_or_404(AstonishmentReport, pk=report_pk, residency=residency) if report_pk else None
    form = AstonishmentReportForm(request.POST or None, instance=report, residency=residency)
    if report is None and not form.is_bound:
        session = residency.sessions.filter(phase="arpenter").order_by("start_date", "position", "pk").first()
        form.initial.update(
            {
                "title": _("Rapport d’étonnement — %(session)s") % {"session": session.title}
                if session
                else _("Rapport d’étonnement"),
                "session": session.pk if session else None,
                "written_on": session.end_date if session else None,
                "authors": [request.user.pk],
                **draft_from_astonishments(residency, session),
            }
        )
    if request.method == "POST" and form.is_valid():
        if report is None:
            form.instance.created_by = request.user
        if form.save_if_unchanged():
            messages.success(request, _("Rapport d’étonnement enregistré."))
            return redirect("analysis:report_detail", pk=residency.pk, report_pk=form.instance.pk)
    return render(
        request,
        "analysis/report_form.html",
        _context(request, residency, "reports", form=form, report=report),
    )


@residency_view("view")
def report_detail(request, residency, report_pk):
    report = get_object_or_404(
        AstonishmentReport.objects.select_related("session").prefetch_related("authors"),
        pk=report_pk,
        residency=residency,
    )
    export = report.exports.order_by("-created_at", "-pk").first()
    return render(
        request,
        "analysis/report_detail.html",
        _context(request, residency, "reports", report=report, export=export),
    )


@residency_view("view")
@require_POST
def report_pdf(request, residency, report_pk):
    report = get_object_or_404(AstonishmentReport, pk=report_pk, residency=residency)
    export = PdfExport.objects.create(residency=residency, report=report, requested_by=request.user)
    render_report_pdf.enqueue(export.pk)
    return redirect("analysis:export_status", pk=residency.pk, export_pk=export.pk)


@residency_view("view")
def export_status(request, residency, export_pk):
    export = get_object_or_404(PdfExport.objects.select_related("report"), pk=export_pk, residency=residency)
    template = "analysis/partials/export_status.html" if request.htmx else "analysis/export_status.html"
    return render(request, template, _context(request, residency, "reports", export=export))


@residency_view("view")
def export_download(request, residency, export_pk):
    export = get_object_or_404(PdfExport, pk=export_pk, residency=residency, status=PdfExport.Status.DONE)
    if not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"rapport-etonnement-{export.report_id}.pdf",
        content_type="application/pdf",
    )
