"""The app was called `core` until it was renamed `platform` (decision 25): a database made
before the rename keeps an unused `core_workerheartbeat` table, dropped here. Heartbeats are
rewritten by every running worker within seconds, so nothing is lost."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("platform", "0001_worker_heartbeat")]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS core_workerheartbeat", migrations.RunSQL.noop),
    ]
