"""A thread's entry keeps its distinct words (`ThreadEntry.words`), as the knowledge base's
entries do: they are counted in the knowledge vocabulary's `threads` while the entry has them,
so a misspelt word only the forum uses is corrected (issue 16). Entries from before have none
counted until the thread changes or `lytte community reindex` runs.

On SQLite the column is added in place: Django's AddField would copy the table into a new
one, and the old table's triggers, which keep its FTS5 tables (0004), would go with it."""

from typing import Any

from django.db import migrations, models

TABLE = "community_threadentry"


def _field() -> models.TextField[str, str]:
    field: models.TextField[str, str] = models.TextField(blank=True)
    field.set_attributes_from_name("words")
    return field


def add(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN \"words\" text NOT NULL DEFAULT ''")
    else:
        schema_editor.add_field(apps.get_model("community", "ThreadEntry"), _field())


def remove(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'ALTER TABLE {TABLE} DROP COLUMN "words"')
    else:
        schema_editor.remove_field(apps.get_model("community", "ThreadEntry"), _field())


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0010_post_hidden_at"),
        ("knowledge", "0010_thread_words"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="threadentry", name="words", field=models.TextField(blank=True)
                )
            ],
            database_operations=[migrations.RunPython(add, remove)],
        )
    ]
