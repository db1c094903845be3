"""The database side of the catalogue's full-text search (see arpenteur/library/search.py).

SQLite: an FTS5 table of the stemmed tokens, keyed by the item id, ranked with bm25.
PostgreSQL: a generated, weighted `simple` tsvector column with a GIN index, ranked with ts_rank.
Both index the same Python-stemmed tokens, so both match the same items.
"""

from django.db import migrations

from arpenteur.library import search


def forwards(apps, schema_editor):
    statements = {
        "sqlite": search.SQLITE_INDEX_SQL,
        "postgresql": search.POSTGRES_INDEX_SQL,
    }.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = {
        "sqlite": search.SQLITE_INDEX_DROP_SQL,
        "postgresql": search.POSTGRES_INDEX_DROP_SQL,
    }.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
