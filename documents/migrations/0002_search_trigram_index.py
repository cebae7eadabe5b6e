"""Trigram GIN indexes on the normalized summaries, on PostgreSQL only.

Inbox and outbox searches use LIKE '%word%' on `search_text` (like the catalogue,
procedures/migrations/0002); pg_trgm's gin_trgm_ops answers them from an index at
millions of rows. SQLite (the embedded run) scans, and the migration does nothing.
"""

from django.db import migrations

INDEXES = {
    "incoming_search_trgm": "documents_incomingdocument",
    "outgoing_search_trgm": "documents_outgoingdocument",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            "USING gin (search_text gin_trgm_ops) WITH (fastupdate = off)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
