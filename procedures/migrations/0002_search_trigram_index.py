"""Trigram GIN indexes on the normalized search columns, on PostgreSQL only.

The catalogue searches with LIKE '%word%' on `search_text` and `search_name`; pg_trgm's
gin_trgm_ops lets PostgreSQL answer those from an index. SQLite (the embedded run) has
no such index type and scans the table, which is fast at catalogue sizes; there the
migration does nothing, so both databases keep the same behaviour.

CREATE EXTENSION needs the CREATE privilege on the database (pg_trgm is a trusted
extension since PostgreSQL 13); see docs/procedures.md.
"""

from django.db import migrations

INDEXES = {
    "procedure_search_text_trgm": "search_text",
    "procedure_search_name_trgm": "search_name",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON procedures_procedure "
            f"USING gin ({column} gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
