"""`lytte worker`: runs background tasks (mail, training, rollups) from the database queue and,
beside it, every job the apps registered (platform.jobs: fetching the IMAP mailboxes, the
schedules of insights, the phone and retention). It beats a heartbeat into the database and
requeues tasks whose worker died (decision 24).

With Redis configured, run one or more beside `lytte serve`; without it, `lytte serve` runs the
worker in its own process, and a separate one is needed only with LYTTE_WORKER=separate
(decision 27)."""

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from lytte.platform.jobs import registered, start_worker_threads


class Command(DatabaseWorkerCommand):
    help = (
        "Run Lytte's background tasks and the apps' jobs (fetching mailboxes, ...) until stopped."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        for spec in registered():
            parser.add_argument(
                f"--no-{spec.name}",
                action="append_const",
                const=spec.name,
                dest="skip_jobs",
                help=f"Do not run this job in this worker: {spec.help}",
            )

    def handle(self, **options: Any) -> None:
        threads = start_worker_threads(
            options["worker_id"], skip=options.pop("skip_jobs", None) or ()
        )
        try:
            super().handle(**options)
        finally:
            threads.stop()
