"""Each post's text rendered and sanitised once, when written (`Post.body_html`): the rows
there are get theirs here, in batches."""

from django.db import migrations, models

BATCH = 2000


def render_posts(apps, schema_editor):
    from lytte.community.rendering import post_html

    post = apps.get_model("community", "Post")
    last = 0
    while True:
        rows = list(
            post.objects.filter(pk__gt=last)
            .exclude(body="")
            .order_by("pk")
            .only("pk", "body")[:BATCH]
        )
        if not rows:
            return
        for row in rows:
            row.body_html = post_html(row.body)
        post.objects.bulk_update(rows, ["body_html"])
        last = rows[-1].pk


class Migration(migrations.Migration):
    dependencies = [("community", "0012_thread_vectors")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="body_html",
            field=models.TextField(blank=True, editable=False, verbose_name="text (HTML)"),
        ),
        migrations.RunPython(render_posts, migrations.RunPython.noop, elidable=True),
    ]
