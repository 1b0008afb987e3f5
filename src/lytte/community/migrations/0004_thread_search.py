"""Thread search's table and its full-text indexes (decision 37), as the knowledge base's
(knowledge.0002): on SQLite an external-content FTS5 table per language over the entries'
analysed terms, kept by triggers; on PostgreSQL a generated tsvector column with a GIN index."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

ENTRY_FTS = "community_threadentry_fts"
TABLE = "community_threadentry"
LANGUAGES = ("nb", "da", "sv", "fi", "en")
COLUMNS = "title_terms, body_terms, part_terms"


def _fts(language: str) -> list[str]:
    fts = f"{ENTRY_FTS}_{language}"
    new = ", ".join(f"new.{c}" for c in COLUMNS.split(", "))
    old = ", ".join(f"old.{c}" for c in COLUMNS.split(", "))
    delete = (
        f"INSERT INTO {fts}({fts}, rowid, {COLUMNS}) "
        f"SELECT 'delete', old.thread_id, {old} WHERE old.language = '{language}';"
    )
    insert = (
        f"INSERT INTO {fts}(rowid, {COLUMNS}) "
        f"SELECT new.thread_id, {new} WHERE new.language = '{language}';"
    )
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({COLUMNS}, content='{TABLE}', "
        "content_rowid='thread_id', tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {TABLE} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {TABLE} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {COLUMNS}, language ON {TABLE} "
        f"BEGIN {delete} {insert} END",
    ]


SQLITE = [statement for language in LANGUAGES for statement in _fts(language)]
POSTGRESQL = [
    f"ALTER TABLE {TABLE} ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title_terms), 'A') || "
    "setweight(to_tsvector('simple', body_terms), 'B') || "
    "setweight(to_tsvector('simple', part_terms), 'C')) STORED",
    f"CREATE INDEX community_threadentry_document ON {TABLE} USING gin (document)",
]


def create(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
        schema_editor.execute(statement)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for language in LANGUAGES:
            fts = f"{ENTRY_FTS}_{language}"
            for event in ("insert", "delete", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{event}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS document")


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_promotion"),
    ]

    operations = [
        migrations.CreateModel(
            name="ThreadEntry",
            fields=[
                (
                    "thread",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="community.thread",
                    ),
                ),
                ("language", models.CharField(max_length=8)),
                ("solved", models.BooleanField(default=False)),
                ("title_terms", models.TextField(blank=True)),
                ("body_terms", models.TextField(blank=True)),
                ("part_terms", models.TextField(blank=True)),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
