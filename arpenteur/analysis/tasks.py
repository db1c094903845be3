"""Background work of the analysis: PDF rendering with WeasyPrint (never inside a request)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from .models import PdfExport


def _step(export: PdfExport, progress: int, status: str = PdfExport.Status.RUNNING) -> None:
    export.progress, export.status = progress, status
    PdfExport.objects.filter(pk=export.pk).update(progress=progress, status=status)


@task()
def render_report_pdf(export_id: int) -> None:
    export = (
        PdfExport.objects.select_related("report__residency__commune", "report__session")
        .filter(pk=export_id)
        .first()
    )
    if export is None or export.report is None:
        return
    try:
        _step(export, 10)
        report = export.report
        html = render_to_string(
            "analysis/report_pdf.html",
            {
                "report": report,
                "residency": report.residency,
                "authors": list(report.authors.all()),
                "now": timezone.now(),
            },
        )
        _step(export, 40)
        from weasyprint import HTML

        pdf = HTML(string=html, base_url=None).write_pdf()
        _step(export, 90)
        export.file.save(f"rapport-etonnement-{report.pk}.pdf", ContentFile(pdf), save=False)
        export.progress, export.status = 100, PdfExport.Status.DONE
        export.save(update_fields=["file", "progress", "status"])
    except Exception as error:  # the page must say it failed rather than spin forever
        PdfExport.objects.filter(pk=export.pk).update(status=PdfExport.Status.FAILED, error=str(error)[:2000])
        raise
