"""SQLite: the vocabulary's trigram table becomes one per language (as the entries' are), so
finding a typo's intended word ranks one language's words, not all five's (decision 30).
PostgreSQL is unchanged: its pg_trgm index answers per language already."""

from importlib import import_module
from typing import Any

from django.db import migrations

search_index = import_module("lytte.knowledge.migrations.0002_search_index")
LANGUAGES = search_index.LANGUAGES
TERM_FTS = search_index.TERM_FTS
EVENTS = ("insert", "delete", "update")


def _drop(schema_editor: Any, fts: str) -> None:
    for event in EVENTS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{event}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")


def _create(schema_editor: Any, language: str | None) -> None:
    fts = f"{TERM_FTS}_{language}" if language else TERM_FTS
    when = f"{{row}}.language = '{language}'" if language else ""
    for statement in search_index._fts(
        fts, "knowledge_searchterm", "id", ["word"], "trigram", when=when
    ):
        schema_editor.execute(statement)
    where = f" WHERE language = '{language}'" if language else ""
    schema_editor.execute(
        f"INSERT INTO {fts}(rowid, word) SELECT id, word FROM knowledge_searchterm{where}"  # noqa: S608 -- our names
    )


def per_language(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    _drop(schema_editor, TERM_FTS)
    for language in LANGUAGES:
        _create(schema_editor, language)


def one_table(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for language in LANGUAGES:
        _drop(schema_editor, f"{TERM_FTS}_{language}")
    _create(schema_editor, None)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_synonyms")]

    operations = [migrations.RunPython(per_language, one_table)]
