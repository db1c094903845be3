"""Background work of the programme: its A4 PDF, rendered with WeasyPrint (never inside a request,
like the other PDFs of the platform)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .models import ProgrammeExport


def _step(export: ProgrammeExport, progress: int, status: str = ProgrammeExport.Status.RUNNING) -> None:
    export.progress, export.status = progress, status
    ProgrammeExport.objects.filter(pk=export.pk).update(progress=progress, status=status)


def programme_print_context(session, audience: str) -> dict:
    """What the printed programme shows: the requester's view (the team sees who is invited by
    name, partners by public label), never the internal notes."""
    from .views_programme import annotate_for, programme_activities, programme_days

    activities = annotate_for(programme_activities(session), audience)
    return {"session": session, "residency": session.residency, "days": programme_days(session, activities)}


@task()
def render_programme_pdf(export_id: int) -> None:
    export = (
        ProgrammeExport.objects.select_related("session__residency__commune").filter(pk=export_id).first()
    )
    if export is None:
        return
    try:
        _step(export, 10)
        with translation.override("fr"):
            html = render_to_string(
                "fieldwork/programme/print.html",
                {**programme_print_context(export.session, export.audience), "now": timezone.now()},
            )
        _step(export, 40)
        from weasyprint import HTML

        # base_url=None and no external resource in the template: the build never touches the network.
        pdf = HTML(string=html, base_url=None).write_pdf(pdf_tags=True)
        _step(export, 90)
        export.file.save(f"programme-{export.session_id}.pdf", ContentFile(pdf), save=False)
        export.progress, export.status = 100, ProgrammeExport.Status.DONE
        export.save(update_fields=["file", "progress", "status"])
    except Exception as error:  # the page must say it failed rather than spin forever
        ProgrammeExport.objects.filter(pk=export.pk).update(
            status=ProgrammeExport.Status.FAILED, error=str(error)[:2000]
        )
        raise
