"""The vocabulary counts the community's threads apart from the help centre's entries
(`SearchTerm.threads`, issue 16): a word customers use only in the forum is a typo's
correction too, while `documents`, which weighs the articles' terms and splits compounds,
stays the help centre's own. The threads' words are counted by `lytte community reindex`.

On SQLite the column is added in place: Django's AddField would copy the table into a new
one, and the old table's triggers, which keep its FTS5 trigram tables (0004), would go with
it."""

from typing import Any

from django.db import migrations, models

TABLE = "knowledge_searchterm"


def _field() -> models.PositiveIntegerField[int, int]:
    field: models.PositiveIntegerField[int, int] = models.PositiveIntegerField(default=0)
    field.set_attributes_from_name("threads")
    return field


def add(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f'ALTER TABLE {TABLE} ADD COLUMN "threads" integer unsigned NOT NULL DEFAULT 0 '
            'CHECK ("threads" >= 0)'
        )
    else:
        schema_editor.add_field(apps.get_model("knowledge", "SearchTerm"), _field())


def remove(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'ALTER TABLE {TABLE} DROP COLUMN "threads"')
    else:
        schema_editor.remove_field(apps.get_model("knowledge", "SearchTerm"), _field())


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0009_trigrams_per_language_on_postgresql")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchterm",
                    name="threads",
                    field=models.PositiveIntegerField(default=0),
                )
            ],
            database_operations=[migrations.RunPython(add, remove)],
        )
    ]
