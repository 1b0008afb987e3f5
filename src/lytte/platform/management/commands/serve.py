from __future__ import annotations

from typing import Any

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Serve Lytte over HTTP and WebSocket (ASGI, uvicorn)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers", type=int, default=1, help="Server processes (scale-out needs Redis)."
        )
        parser.add_argument("--reload", action="store_true", help="Restart on code changes.")

    def handle(
        self, *args: Any, host: str, port: int, workers: int, reload: bool, **options: Any
    ) -> None:
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}.")
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if workers > 1 and not settings.REDIS_URL:
            raise CommandError(
                "Several workers need LYTTE_REDIS_URL: live updates must reach every process."
            )
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Lytte is running at http://{shown}:{port}/  (Ctrl-C stops it)")
        if settings.WORKER_MODE == "separate":
            self.stdout.write("Background work needs `lytte worker` beside it (LYTTE_WORKER).")
        self.stdout.flush()
        uvicorn.run(
            "lytte.asgi:application",
            host=host,
            port=port,
            workers=workers,
            reload=reload,
            lifespan="on",  # starts and stops the worker inside the server,
            log_level="info",
        )
