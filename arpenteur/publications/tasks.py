"""Background builds of deliverables (django_tasks). The web page polls the Deliverable row."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .models import Deliverable

logger = logging.getLogger(__name__)


def _progress(deliverable_id: int):
    def report(percent: int, step: str) -> None:
        Deliverable.objects.filter(pk=deliverable_id).update(progress=min(int(percent), 99), step=step[:120])

    return report


def build_deliverable_now(deliverable: Deliverable) -> Deliverable:
    """Build the file of a deliverable in this process (the task, the CLI and the bench call it)."""
    from . import render
    from .content import collect

    report = _progress(deliverable.pk)
    Deliverable.objects.filter(pk=deliverable.pk).update(
        status=Deliverable.Status.RUNNING, progress=5, step="Rassemblement du contenu publiable"
    )
    try:
        content = collect(deliverable.residency)
        report(15, "Contenu rassemblé")
        if deliverable.kind == Deliverable.Kind.CAHIER and deliverable.fmt == Deliverable.Format.ODT:
            data = render.render_cahier_odt(content, report)
            pages = None
        elif deliverable.kind == Deliverable.Kind.CAHIER:
            data = render.render_cahier_pdf(content, report)
            pages = render.page_count(content)
        else:
            data = render.render_posters_pdf(content, deliverable.paper, report)
            pages = render.page_count(content)
        deliverable.refresh_from_db()
        deliverable.file.save("livrable", ContentFile(data), save=False)
        deliverable.size_bytes = len(data)
        deliverable.page_count = pages
        deliverable.status = Deliverable.Status.READY
        deliverable.progress = 100
        deliverable.step = "Prêt"
        deliverable.finished_at = timezone.now()
        deliverable.save()
    except Exception as error:
        logger.exception("Échec de la construction du livrable %s", deliverable.pk)
        Deliverable.objects.filter(pk=deliverable.pk).update(
            status=Deliverable.Status.FAILED,
            step="Échec",
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
            progress=F("progress"),
        )
        deliverable.refresh_from_db()
    return deliverable


@task()
def build_deliverable_task(deliverable_id: int) -> str:
    deliverable = Deliverable.objects.select_related("residency").get(pk=deliverable_id)
    if deliverable.status == Deliverable.Status.READY:
        return deliverable.status
    return build_deliverable_now(deliverable).status
