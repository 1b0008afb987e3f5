"""PostgreSQL: a GIN index over the entries' title terms alone, so a large help centre's
search asks for the matches in titles first without reading every match (decision 30)."""

from typing import Any

from django.db import migrations

INDEX = "knowledge_searchentry_titles"


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON knowledge_searchentry "
            "USING gin (to_tsvector('simple', title_terms))"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0005_help_centre_indexes")]

    operations = [migrations.RunPython(create, drop)]
