"""Substring search without reading every row (decision 18): SQLite FTS5 trigram tables kept
by triggers, PostgreSQL pg_trgm GIN indexes that serve Django's `contains` / `icontains`."""

# ruff: noqa: S608 -- table and column names come from our migrations and selectors, not input

from __future__ import annotations

from typing import Any

from django.db import connection, migrations
from django.db.models.expressions import RawSQL

# More matching rows than this: the words are common, and a walk along the page's ordered
# index (newest, or by name) finds a page of them sooner than sorting every match would.
MANY = 1000


def sqlite_matches(table: str, words: list[str]) -> RawSQL | None:
    """The rowids in `table` (a word index made by `word_index`) of the rows that contain
    every word of three letters or more, if fewer than MANY do. None when the database is not
    SQLite, when no word is that long (trigrams), or when the words are common."""
    words = [word.replace("\x00", "") for word in words]  # FTS5 reads NUL as the text's end
    indexed = [word for word in words if len(word) >= 3]
    if connection.vendor != "sqlite" or not indexed:
        return None
    # Quoted phrases: whatever the user typed (AND, *, NEAR, quotes) is plain text.
    phrases = " AND ".join('"' + word.replace('"', '""') + '"' for word in indexed)
    match = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({match} LIMIT {MANY})", [phrases])
        if cursor.fetchone()[0] >= MANY:
            return None
    return RawSQL(match, (phrases,))  # noqa: S611 -- the words are a parameter


def forget_removed_words(columns: list[tuple[str, str]]) -> None:
    """Make the indexes of these (table, column) pairs forget rows' old words now. FTS5 records
    a change as a deletion marker beside the old entry, which stays on disk until its segment is
    merged; 'optimize' merges every segment at once (erasure calls this: it is rare, and the
    index must not keep a name). PostgreSQL's GIN entries of old row versions go with vacuum."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table, column in columns:
            fts = f"{table}_{column}_fts"
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")


def word_index(table: str, column: str, expression: str) -> migrations.RunPython:
    """A migration operation that indexes `table`.`column` for substring search: an FTS5
    trigram table `<table>_<column>_fts` on SQLite, a GIN trigram index on `expression` (what
    the lookups compare, e.g. UPPER(subject) for `icontains`) on PostgreSQL."""
    fts = f"{table}_{column}_fts"
    create = {
        "sqlite": [
            f"CREATE VIRTUAL TABLE {fts} USING fts5("
            f"{column}, content='{table}', content_rowid='id', tokenize='trigram')",
            f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
            f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {column}) "
            f"VALUES ('delete', old.id, old.{column}); END",
            f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {column} ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {column}) "
            f"VALUES ('delete', old.id, old.{column}); "
            f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ],
        "postgresql": [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            f"CREATE INDEX IF NOT EXISTS {fts} ON {table} USING gin ({expression} gin_trgm_ops)",
        ],
    }
    drop = {
        "sqlite": [
            *(f"DROP TRIGGER IF EXISTS {fts}_{event}" for event in ("insert", "delete", "update")),
            f"DROP TABLE IF EXISTS {fts}",
        ],
        "postgresql": [f"DROP INDEX IF EXISTS {fts}"],
    }
    return migrations.RunPython(_run(create), _run(drop))


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run
