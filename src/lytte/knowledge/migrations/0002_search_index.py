"""Search's tables and full-text indexes (decision 30): on SQLite an FTS5 table over the
entries' analysed terms and an FTS5 trigram table over the vocabulary, kept by triggers; on
PostgreSQL a generated tsvector column with a GIN index, and a pg_trgm index on the
vocabulary when the extension may be created (without it, typos fall back to a prefix scan)."""

from typing import Any

import django.db.models.deletion
from django.db import DatabaseError, migrations, models, transaction

ENTRY_FTS = "knowledge_searchentry_fts"
LANGUAGES = ("nb", "da", "sv", "fi", "en")
TERM_FTS = "knowledge_searchterm_fts"


def _fts(
    fts: str, table: str, rowid: str, columns: list[str], tokenize: str, when: str = ""
) -> list[str]:
    """An external-content FTS5 table over `table`'s rows (those `when` selects), with the
    triggers that keep it."""
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    names = ", ".join(columns)
    watched = ", ".join([*columns, "language"] if when else columns)
    old_when = when.format(row="old") if when else "1"
    new_when = when.format(row="new") if when else "1"
    # A change deletes the old terms before it adds the new ones, in one trigger: FTS5 must
    # be told exactly what it holds, and the order of two triggers is not ours to choose.
    delete = (
        f"INSERT INTO {fts}({fts}, rowid, {names}) "
        f"SELECT 'delete', old.{rowid}, {old} WHERE {old_when};"
    )
    insert = f"INSERT INTO {fts}(rowid, {names}) SELECT new.{rowid}, {new} WHERE {new_when};"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', "
        f"content_rowid='{rowid}', tokenize='{tokenize}')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {watched} ON {table} "
        f"BEGIN {delete} {insert} END",
    ]


# One entry table per language: BM25's rarity of a word is counted among its own language.
SQLITE = [
    *(
        statement
        for language in LANGUAGES
        for statement in _fts(
            f"{ENTRY_FTS}_{language}",
            "knowledge_searchentry",
            "translation_id",
            ["title_terms", "body_terms", "part_terms"],
            "unicode61 remove_diacritics 0",
            when=f"{{row}}.language = '{language}'",
        )
    ),
    *_fts(TERM_FTS, "knowledge_searchterm", "id", ["word"], "trigram"),
]
POSTGRESQL = [
    "ALTER TABLE knowledge_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title_terms), 'A') || "
    "setweight(to_tsvector('simple', body_terms), 'B') || "
    "setweight(to_tsvector('simple', part_terms), 'C')) STORED",
    "CREATE INDEX knowledge_searchentry_document ON knowledge_searchentry USING gin (document)",
]
POSTGRESQL_TRIGRAMS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX knowledge_searchterm_trigrams ON knowledge_searchterm "
    "USING gin (word gin_trgm_ops)",
]


def create(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
        schema_editor.execute(statement)
    if vendor == "postgresql":
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                for statement in POSTGRESQL_TRIGRAMS:
                    schema_editor.execute(statement)
        except DatabaseError:
            return  # no right to create pg_trgm: typos fall back to a prefix scan


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for fts in [*(f"{ENTRY_FTS}_{code}" for code in LANGUAGES), TERM_FTS]:
            for event in ("insert", "delete", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{event}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS knowledge_searchterm_trigrams")
        schema_editor.execute("ALTER TABLE knowledge_searchentry DROP COLUMN IF EXISTS document")


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "translation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="knowledge.translation",
                    ),
                ),
                ("language", models.CharField(max_length=8)),
                ("public", models.BooleanField()),
                ("title_terms", models.TextField(blank=True)),
                ("body_terms", models.TextField(blank=True)),
                ("part_terms", models.TextField(blank=True)),
                ("words", models.TextField(blank=True)),
            ],
            options={
                "indexes": [
                    models.Index(fields=["language", "public"], name="knowledge_search_lang")
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("language", models.CharField(max_length=8)),
                ("word", models.CharField(max_length=100)),
                ("term", models.CharField(max_length=100)),
                ("documents", models.PositiveIntegerField(default=0)),
            ],
            options={
                "indexes": [
                    models.Index(fields=["language", "term"], name="knowledge_search_term")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("language", "word"), name="knowledge_search_word"
                    )
                ],
            },
        ),
        migrations.RunPython(create, drop),
    ]
