"""State changes of the library that touch several models, called from views, commands and tasks."""

from __future__ import annotations

from django.db import transaction

from .importer import ImportFileError, import_file
from .models import ImportRun


def start_import(*, filename: str, fmt: str, content: str, user=None, dry_run: bool = False) -> ImportRun:
    """Record an uploaded file and queue its import; the report page follows its progress."""
    from .tasks import run_import

    run = ImportRun.objects.create(
        filename=filename[:200], fmt=fmt, created_by=user, payload=content, dry_run=dry_run
    )
    transaction.on_commit(lambda: run_import.enqueue(run.pk, dry_run))
    return run


def perform_import(import_run_id: int, *, dry_run: bool = False) -> ImportRun:
    """Import the file of an ImportRun and store its line-by-line report (the file's text is dropped)."""
    run = ImportRun.objects.get(pk=import_run_id)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
    try:
        report = import_file(run.payload, run.fmt, dry_run=dry_run)
    except ImportFileError as error:
        run.status = ImportRun.Status.FAILED
        run.report = [
            {"line": 0, "status": "ignoree", "reference": "", "title": "", "messages": [str(error)]}
        ]
    else:
        run.status = ImportRun.Status.DONE
        run.created, run.updated, run.skipped = report.created, report.updated, report.skipped
        run.report = report.as_rows()
    run.payload = ""
    run.save()
    return run
