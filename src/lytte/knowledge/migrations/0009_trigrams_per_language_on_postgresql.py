"""PostgreSQL: the vocabulary's pg_trgm index one per language, partial on `language`, as the
full-text indexes are (0007). A typo correction asks one language's words; the index over all
five returned every language's words with the trigrams, each read from the table to check its
language: 289 pages for one Danish word at 10,000 articles per language, 126 now. Only where
0002 could create the index (pg_trgm needs a right not every site has); no pending list (0008).
"""

from typing import Any

from django.db import migrations

LANGUAGES = ("nb", "da", "sv", "fi", "en")  # as when written; a new language adds its own
ONE_FOR_ALL = "knowledge_searchterm_trigrams"


def _exists(schema_editor: Any, name: str) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = %s", [name])
        return bool(cursor.fetchone()[0])


def per_language(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql" or not _exists(schema_editor, ONE_FOR_ALL):
        return
    for language in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX {ONE_FOR_ALL}_{language} ON knowledge_searchterm "
            f"USING gin (word gin_trgm_ops) WITH (fastupdate = off) WHERE language = '{language}'"
        )
    schema_editor.execute(f"DROP INDEX {ONE_FOR_ALL}")


def one_for_all(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    if not _exists(schema_editor, f"{ONE_FOR_ALL}_{LANGUAGES[0]}"):
        return
    schema_editor.execute(
        f"CREATE INDEX {ONE_FOR_ALL} ON knowledge_searchterm "
        "USING gin (word gin_trgm_ops) WITH (fastupdate = off)"
    )
    for language in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {ONE_FOR_ALL}_{language}")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0008_gin_without_pending_list")]

    operations = [migrations.RunPython(per_language, one_for_all)]
