"""Swapping rebuilt statistics tables in without stopping readers or transitions.

`stats_rebuild` writes the recomputed figures into shadow tables (the live ones'
columns, checks and identity, named `<table>_rebuild`) while the portal keeps reading
and updating the live ones. The indexes are built on the shadows with temporary
names. Then one short transaction drops the live tables and renames the shadows, their
indexes and sequences into place; it waits at most LOCK_TIMEOUT for the tables and
tries again, so a long report never makes the portal queue behind the swap.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from django.db import OperationalError, connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Model
from psycopg import errors

SUFFIX = "_rebuild"
LOCK_TIMEOUT = "2s"
SWAP_ATTEMPTS = 5


@dataclass(frozen=True)
class Shadow:
    live: str
    renames: tuple[tuple[str, str], ...]  # (temporary name, live name) of indexes

    @property
    def table(self) -> str:
        return f"{self.live}{SUFFIX}"


def shadow_create(model: type[Model]) -> Shadow:
    """An empty copy of the model's table, without indexes (they come after COPY)."""
    live = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {live}{SUFFIX}")
        cursor.execute(
            f"CREATE TABLE {live}{SUFFIX} (LIKE {live} INCLUDING DEFAULTS "
            "INCLUDING IDENTITY INCLUDING CONSTRAINTS)"
        )
    return Shadow(live=live, renames=())


def shadow_index(shadow: Shadow) -> Shadow:
    """Build the live table's indexes and keys on the shadow, under temporary names."""
    renames = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid), c.contype "
            "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "LEFT JOIN pg_constraint c "
            "ON c.conindid = i.oid AND c.conrelid = x.indrelid "
            "WHERE x.indrelid = %s::regclass ORDER BY i.relname",
            [shadow.live],
        )
        for number, (name, definition, kind) in enumerate(cursor.fetchall()):
            temporary = f"{shadow.live[:40]}_rb{number}"
            cursor.execute(_retarget(definition, name, temporary, shadow))
            if kind in ("p", "u"):
                key = "PRIMARY KEY" if kind == "p" else "UNIQUE"
                cursor.execute(
                    f"ALTER TABLE {shadow.table} ADD CONSTRAINT {temporary} "
                    f"{key} USING INDEX {temporary}"
                )
            renames.append((temporary, name))
    return Shadow(live=shadow.live, renames=tuple(renames))


def shadows_swap(shadows: list[Shadow]) -> None:
    """Put the shadows in place of the live tables in one short transaction."""
    for attempt in range(1, SWAP_ATTEMPTS + 1):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                # Deferred foreign-key checks of an enclosing transaction would
                # forbid dropping the table.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                live = ", ".join(shadow.live for shadow in shadows)
                cursor.execute(f"LOCK TABLE {live} IN ACCESS EXCLUSIVE MODE")
                for shadow in shadows:
                    _swap(cursor, shadow)
            return
        except OperationalError as error:
            timed_out = isinstance(error.__cause__, errors.LockNotAvailable)
            if not timed_out or attempt == SWAP_ATTEMPTS:
                raise
            time.sleep(attempt)


def _swap(cursor: CursorWrapper, shadow: Shadow) -> None:
    foreign_keys = _foreign_keys(cursor, shadow.live)
    sequences = _sequences(cursor, shadow.live)
    cursor.execute(f"DROP TABLE {shadow.live}")
    cursor.execute(f"ALTER TABLE {shadow.table} RENAME TO {shadow.live}")
    for temporary, name in shadow.renames:
        cursor.execute(f"ALTER INDEX {temporary} RENAME TO {name}")
    for column, name in sequences:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [shadow.live, column])
        cursor.execute(f"ALTER SEQUENCE {cursor.fetchone()[0]} RENAME TO {name}")
    for name, definition in foreign_keys:
        # NOT VALID: checking a million rows here would hold the lock; the rows
        # come from existing dossiers and every new row is checked.
        cursor.execute(
            f"ALTER TABLE {shadow.live} ADD CONSTRAINT {name} {definition} NOT VALID"
        )


def _retarget(definition: str, name: str, temporary: str, shadow: Shadow) -> str:
    pattern = rf"INDEX {re.escape(name)} ON ((?:\S+\.)?){re.escape(shadow.live)} "
    return re.sub(pattern, rf"INDEX {temporary} ON \g<1>{shadow.table} ", definition)


def _foreign_keys(cursor: CursorWrapper, table: str) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f'",
        [table],
    )
    return list(cursor.fetchall())


def _sequences(cursor: CursorWrapper, table: str) -> list[tuple[str, str]]:
    """(column, sequence name without schema) of the table's identity columns."""
    cursor.execute(
        "SELECT a.attname, s.relname FROM pg_attribute a "
        "JOIN pg_depend d ON d.refobjid = a.attrelid AND d.refobjsubid = a.attnum "
        "JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
        "WHERE a.attrelid = %s::regclass AND a.attidentity <> ''",
        [table],
    )
    return list(cursor.fetchall())
