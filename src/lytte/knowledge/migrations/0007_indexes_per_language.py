"""PostgreSQL: the full-text GIN indexes (whole entries, and titles alone) one per language,
partial on `language`. A search is always in one language; with one index over all five the
planner ANDed it with the (language, public) index, which reads every entry of the language
(10,000 in the benchmark): 1.3 ms of a 3.9 ms ranking query (decision 30,
docs/benchmarks.md)."""

from typing import Any

from django.db import migrations

LANGUAGES = ("nb", "da", "sv", "fi", "en")  # as when written; a new language adds its own
COLUMNS = {
    "knowledge_searchentry_document": "document",
    "knowledge_searchentry_titles": "to_tsvector('simple', title_terms)",
}


def per_language(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in COLUMNS.items():
        for language in LANGUAGES:
            schema_editor.execute(
                f"CREATE INDEX {name}_{language} ON knowledge_searchentry "
                f"USING gin ({expression}) WHERE language = '{language}'"
            )
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def one_for_all(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in COLUMNS.items():
        schema_editor.execute(
            f"CREATE INDEX {name} ON knowledge_searchentry USING gin ({expression})"
        )
        for language in LANGUAGES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}_{language}")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0006_title_index")]

    operations = [migrations.RunPython(per_language, one_for_all)]
