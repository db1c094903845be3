"""Background work of the library: the bulk rebuild of the search index and catalogue imports."""

from django_tasks import task

from . import search


@task()
def rebuild_search_index() -> int:
    """Recompute every item's tokens and rebuild the database index (after a bulk load, a stemmer
    upgrade or deletions). Returns the number of items indexed."""
    count = search.index_items(database_index=False)
    search.rebuild_database_index()
    return count


@task()
def run_import(import_run_id: int, dry_run: bool = False) -> dict:
    """Run an uploaded import in the background; its report is stored on the ImportRun."""
    from .services import perform_import

    run = perform_import(import_run_id, dry_run=dry_run)
    return {"created": run.created, "updated": run.updated, "skipped": run.skipped}
