"""Background work of the library: the bulk rebuild of the search index and catalogue imports."""

from django_tasks import task

from . import search


@task()
def rebuild_search_index() -> int:
    """Recompute every item's tokens and rebuild the database index (after a bulk load, a stemmer
    upgrade or deletions). Returns the number of items indexed."""
    count = search.index_items()
    search.rebuild_database_index()
    return count
