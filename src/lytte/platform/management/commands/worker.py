"""`lytte worker`: runs background tasks (mail, training, rollups) from the database queue,
fetches the IMAP mailboxes (each by one worker at a time, however many run), schedules the
nightly training of the reason classifier, closes calls whose hangup never came and runs the
daily retention purge. It beats a heartbeat into the database and requeues tasks whose worker
died (decision 24)."""

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from lytte.insights.schedule import InsightsSchedule
from lytte.mail.fetch import MailWorker
from lytte.phone.schedule import PhoneSchedule
from lytte.platform.heartbeat import Heartbeat, beat, stop_beating
from lytte.privacy.schedule import RetentionSchedule


class Command(DatabaseWorkerCommand):
    help = "Run Lytte's background tasks and fetch mailboxes until stopped."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-mail", action="store_true", help="Do not fetch mailboxes in this worker."
        )

    def handle(self, **options: Any) -> None:
        heartbeat = Heartbeat(options["worker_id"])
        beat(heartbeat.worker_id, started_at=heartbeat.started_at)  # alive before the first task
        heartbeat.start()
        if not options.pop("no_mail", False):
            MailWorker().start()
        InsightsSchedule().start()
        PhoneSchedule().start()
        RetentionSchedule().start()
        try:
            super().handle(**options)
        finally:
            heartbeat.stop.set()
            stop_beating(heartbeat.worker_id)
