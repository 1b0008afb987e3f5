"""A word index on case subjects, so subject search stops reading every case (decision 18).

SQLite: an FTS5 trigram table over cases_case.subject, kept current by triggers. PostgreSQL: a
pg_trgm GIN index on UPPER(subject), the expression `icontains` compares.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE cases_case_subject_fts USING fts5("
    "subject, content='cases_case', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER cases_case_subject_fts_insert AFTER INSERT ON cases_case BEGIN "
    "INSERT INTO cases_case_subject_fts(rowid, subject) VALUES (new.id, new.subject); END",
    "CREATE TRIGGER cases_case_subject_fts_delete AFTER DELETE ON cases_case BEGIN "
    "INSERT INTO cases_case_subject_fts(cases_case_subject_fts, rowid, subject) "
    "VALUES ('delete', old.id, old.subject); END",
    "CREATE TRIGGER cases_case_subject_fts_update AFTER UPDATE OF subject ON cases_case BEGIN "
    "INSERT INTO cases_case_subject_fts(cases_case_subject_fts, rowid, subject) "
    "VALUES ('delete', old.id, old.subject); "
    "INSERT INTO cases_case_subject_fts(rowid, subject) VALUES (new.id, new.subject); END",
    "INSERT INTO cases_case_subject_fts(cases_case_subject_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS cases_case_subject_fts_insert",
    "DROP TRIGGER IF EXISTS cases_case_subject_fts_delete",
    "DROP TRIGGER IF EXISTS cases_case_subject_fts_update",
    "DROP TABLE IF EXISTS cases_case_subject_fts",
]
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS case_subject_trgm_idx ON cases_case "
    "USING gin (UPPER(subject) gin_trgm_ops)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS case_subject_trgm_idx"]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_case_resolved_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
