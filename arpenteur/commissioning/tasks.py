"""Background work of the commission: writing procurement documents (never inside a request)."""

from __future__ import annotations

import time

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from .models import DocumentTemplate, GeneratedDocument


def _step(document: GeneratedDocument, progress: int, step: str) -> None:
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=GeneratedDocument.Status.RUNNING, progress=progress, step=step
    )


@task()
def generate_document(document_id: int) -> None:
    from . import documents

    document = GeneratedDocument.objects.select_related("residency__commune").filter(pk=document_id).first()
    if document is None:
        return
    started = time.monotonic()
    try:
        _step(document, 10, "Lecture de l’intention, du format et du budget")
        template = DocumentTemplate.objects.get(kind=document.kind)
        text = documents.render_text(template, documents.build_context(document.residency))
        blocks = documents.parse_blocks(text)
        slug = f"{documents.SLUGS[document.kind]}-{document.residency_id}"
        _step(document, 35, "Écriture du DOCX")
        document.docx.save(f"{slug}.docx", ContentFile(documents.to_docx(document.title, blocks)), save=False)
        _step(document, 60, "Écriture de l’ODT")
        document.odt.save(f"{slug}.odt", ContentFile(documents.to_odt(document.title, blocks)), save=False)
        _step(document, 80, "Écriture du PDF")
        document.pdf.save(f"{slug}.pdf", ContentFile(documents.to_pdf(document.title, blocks)), save=False)
        document.status, document.progress, document.step = GeneratedDocument.Status.DONE, 100, ""
        document.finished_at = timezone.now()
        document.duration_ms = int((time.monotonic() - started) * 1000)
        document.save(
            update_fields=["docx", "odt", "pdf", "status", "progress", "step", "finished_at", "duration_ms"]
        )
    except Exception as error:  # the page must say it failed rather than spin forever
        GeneratedDocument.objects.filter(pk=document.pk).update(
            status=GeneratedDocument.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
