"""PostgreSQL: the threads' full-text GIN index one per language, partial on `language`, without
a pending list. A thread search is always in one language; with one index over all five, a word
the Nordic languages share (`start`: 12,589 threads, 3,272 of them Norwegian) made the index
return every language's threads, each read from the table to be dropped. Without a pending
list a search never reads an unmerged list of new entries (as the help centre's, knowledge
0008). Decision 57's addendum, docs/benchmarks.md."""

from typing import Any

from django.db import migrations

LANGUAGES = ("nb", "da", "sv", "fi", "en")  # as when written; a new language adds its own
NAME = "community_threadentry_document"


def per_language(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX {NAME}_{language} ON community_threadentry "
            f"USING gin (document) WITH (fastupdate = off) WHERE language = '{language}'"
        )
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


def one_for_all(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX {NAME} ON community_threadentry USING gin (document)")
    for language in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}_{language}")


class Migration(migrations.Migration):
    dependencies = [("community", "0014_thread_listed_index")]

    operations = [migrations.RunPython(per_language, one_for_all)]
