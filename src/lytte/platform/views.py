from __future__ import annotations

from django.conf import settings
from django.db.utils import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lytte.platform.heartbeat import queue_health, worker_health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when this process can reach its database, 503 otherwise: what a load balancer needs
    (a dead worker must not take every web server out). With ?strict, for monitoring, also 503
    when the worker is not alive or the queue's oldest due task waited too long (decision 24).
    Two indexed queries: it is called often."""
    try:
        worker = worker_health()
        queue = queue_health()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    oldest = queue.oldest_ready_age_seconds
    healthy = worker.status == "ok" and (oldest is None or oldest <= settings.HEALTHZ_MAX_QUEUE_AGE)
    return JsonResponse(
        {
            "status": "ok" if healthy else "degraded",
            "database": "ok",
            "worker": {
                "status": worker.status,
                "last_seen": worker.last_seen.isoformat() if worker.last_seen else None,
                "age_seconds": _seconds(worker.age_seconds),
            },
            "queue": {
                "ready": queue.ready,
                "oldest_ready_age_seconds": _seconds(oldest),
                "running": queue.running,
                "failed_last_hour": queue.failed_last_hour,
            },
        },
        status=503 if "strict" in request.GET and not healthy else 200,
    )


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
