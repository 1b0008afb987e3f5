from django.apps import AppConfig


class PlatformConfig(AppConfig):
    """What every other app stands on: domain events, the worker's job registry, live push,
    security headers, health checks, the `serve` and `worker` commands. It imports no app."""

    name = "lytte.platform"
    label = "platform"
    verbose_name = "Lytte"
