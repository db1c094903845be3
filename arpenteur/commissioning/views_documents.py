"""Procurement documents: generate them from the residency's data (in the background), follow the
progress, download DOCX, ODT and PDF. The offers analysis report shows marks, so it follows the
marks rule (jury and commissioner); the other pieces are read by whoever sees the residency."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from arpenteur.residencies.access import residency_view

from . import services
from .access import can_edit_commission, can_manage_selection, can_see_marks
from .documents import SLUGS
from .models import DocumentKind, DocumentTemplate, GeneratedDocument
from .views import _context, json_response

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "pdf": "application/pdf",
}


def _allowed_kinds(residency, user) -> list[str]:
    kinds = [k for k in DocumentKind.values if k != DocumentKind.ANALYSIS]
    grid = residency.evaluation_grids.order_by("created_at", "pk").first()
    if can_see_marks(residency, grid, user):
        kinds.append(DocumentKind.ANALYSIS)
    return kinds


def _may_generate(residency, user, kind) -> bool:
    if kind == DocumentKind.ANALYSIS:
        return can_manage_selection(residency, user)
    return can_edit_commission(residency, user)


@residency_view("view")
def document_list(request, residency, fmt=None):
    kinds = _allowed_kinds(residency, request.user)
    templates = {t.kind: t for t in DocumentTemplate.objects.filter(kind__in=kinds)}
    latest = {}
    for document in residency.procurement_documents.filter(kind__in=kinds).order_by("kind", "-created_at"):
        latest.setdefault(document.kind, document)
    labels = dict(DocumentKind.choices)
    rows = [
        {
            "kind": kind,
            "label": labels[kind],
            "template": templates.get(kind),
            "document": latest.get(kind),
            "may_generate": _may_generate(residency, request.user, kind),
        }
        for kind in kinds
    ]
    if fmt == "json":
        return json_response(
            {
                "residence": residency.pk,
                "pieces": [
                    {
                        "piece": row["kind"],
                        "intitule": str(row["label"]),
                        "etat": row["document"].status if row["document"] else None,
                        "avancement": row["document"].progress if row["document"] else None,
                        "produite_le": row["document"].finished_at if row["document"] else None,
                        "fichiers": {
                            f: request.build_absolute_uri(_download_url(residency, row["document"], f))
                            for f in FORMATS
                            if row["document"] and getattr(row["document"], f)
                        },
                    }
                    for row in rows
                ],
            }
        )
    if fmt:
        raise Http404
    return render(
        request,
        "commissioning/documents.html",
        _context(request, residency, rows=rows, section="documents"),
    )


def _download_url(residency, document, file_format):
    return reverse(
        "commissioning:document_download",
        kwargs={"pk": residency.pk, "doc_pk": document.pk, "file_format": file_format},
    )


@residency_view("view")
@require_POST
def document_generate(request, residency):
    kind = request.POST.get("kind", "")
    if kind not in DocumentKind.values:
        raise Http404
    if not _may_generate(residency, request.user, kind):
        raise PermissionDenied
    try:
        document = services.request_document(residency=residency, kind=kind, user=request.user)
    except services.CommissionError as error:
        messages.error(request, str(error))
        return redirect("commissioning:documents", pk=residency.pk)
    messages.success(request, _("Production de la pièce lancée : « %(title)s ».") % {"title": document.title})
    return redirect("commissioning:document_status", pk=residency.pk, doc_pk=document.pk)


def _document_for(request, residency, doc_pk) -> GeneratedDocument:
    document = get_object_or_404(GeneratedDocument, pk=doc_pk, residency=residency)
    if document.kind not in _allowed_kinds(residency, request.user):
        raise Http404
    return document


@residency_view("view")
def document_status(request, residency, doc_pk):
    document = _document_for(request, residency, doc_pk)
    template = (
        "commissioning/partials/document_status.html"
        if request.htmx
        else "commissioning/document_status.html"
    )
    return render(request, template, _context(request, residency, document=document, section="documents"))


@residency_view("view")
def document_download(request, residency, doc_pk, file_format):
    document = _document_for(request, residency, doc_pk)
    if file_format not in FORMATS or document.status != GeneratedDocument.Status.DONE:
        raise Http404
    stored = getattr(document, file_format)
    if not stored:
        raise Http404
    return FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=f"{SLUGS[document.kind]}-{residency.pk}.{file_format}",
        content_type=FORMATS[file_format],
    )
