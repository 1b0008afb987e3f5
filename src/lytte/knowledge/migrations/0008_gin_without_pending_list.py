"""PostgreSQL: the search tables' GIN indexes without a pending list (`fastupdate = off`).

With the default, new entries go to an unsorted pending list that every search reads in full
until a vacuum merges it: after an import of 50,000 entries, a title search that found nothing
read 193 pages in 2.2 ms instead of 7 pages in 0.02 ms, and the planner, misled, scanned the
whole table for a common word (140 ms). A help centre is written rarely and searched often, so
each write updates the index at once (decision 30, docs/benchmarks.md). Every GIN index of the
two tables is changed, whatever languages it has, and its pending list is merged now.
"""

from typing import Any

from django.db import migrations

TABLES = ("knowledge_searchentry", "knowledge_searchterm")


def _gin_indexes(schema_editor: Any) -> list[str]:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexdef ILIKE '%% USING gin %%' ORDER BY indexname",
            [list(TABLES)],
        )
        return [row[0] for row in cursor.fetchall()]


def without_pending_list(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in _gin_indexes(schema_editor):
        schema_editor.execute(f'ALTER INDEX "{name}" SET (fastupdate = off)')
        schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])


def with_pending_list(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in _gin_indexes(schema_editor):
        schema_editor.execute(f'ALTER INDEX "{name}" RESET (fastupdate)')


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0007_indexes_per_language")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
