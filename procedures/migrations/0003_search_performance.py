"""Search performance on PostgreSQL; SQLite needs none of it.

1. The search columns are stored uncompressed (STORAGE PLAIN). A procedure row is
   wide (steps, legal texts), so PostgreSQL compressed `search_text` in about a third
   of the rows, and every LIKE then decompressed it: searches took 10–15 ms longer at
   5,000 procedures. services.py caps `search_text` so a row always fits a page.
2. The trigram indexes skip GIN's pending list (fastupdate off): the catalogue is
   read far more than written, and a filled pending list made the planner abandon the
   index for a sequential scan after every bulk import until the next VACUUM.
3. A byte-ordered index on (search_name, code) serves the catalogue's name order
   (`search_name COLLATE "C"`, the same order as SQLite's) on the unfiltered list.
"""

from django.db import migrations

INDEX = "procedure_search_name_c_order"
TABLE = "procedures_procedure"
TRIGRAM_INDEXES = ("procedure_search_text_trgm", "procedure_search_name_trgm")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ALTER COLUMN search_text SET STORAGE PLAIN, "
        "ALTER COLUMN search_name SET STORAGE PLAIN"
    )
    # Rewrite existing values so that compressed ones are stored plain.
    schema_editor.execute(
        f"UPDATE {TABLE} SET search_text = search_text || '', "  # noqa: S608 (constant)
        "search_name = search_name || ''"
    )
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{name}'::regclass)")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} (search_name COLLATE "C", code)'
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} RESET (fastupdate)")
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ALTER COLUMN search_text SET STORAGE EXTENDED, "
        "ALTER COLUMN search_name SET STORAGE EXTENDED"
    )


class Migration(migrations.Migration):
    dependencies = [("procedures", "0002_search_trigram_index")]

    operations = [migrations.RunPython(forwards, backwards)]
