"""`lytte worker`: runs background tasks (mail, training, rollups) from the database queue."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


class Command(DatabaseWorkerCommand):
    help = "Run Lytte's background tasks from the database queue until stopped."
