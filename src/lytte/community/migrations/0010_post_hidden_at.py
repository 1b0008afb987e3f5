"""Since when a post is hidden, for retention (decision 56). Posts hidden before this was kept
count from the migration: their text goes `community_hidden_posts` days after it, never
earlier than a member could have expected."""

from typing import Any

from django.db import migrations, models
from django.utils import timezone


def hidden_from_now(apps: Any, schema_editor: Any) -> None:
    Post = apps.get_model("community", "Post")
    Post.objects.filter(state="hidden", hidden_at__isnull=True).update(hidden_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0009_announcements"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="hidden_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="hidden"),
        ),
        migrations.RunPython(hidden_from_now, migrations.RunPython.noop),
    ]
