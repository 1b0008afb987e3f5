from django.apps import AppConfig


class PlatformConfig(AppConfig):
    """What every other app stands on: domain events, the worker's job registry, live push,
    security headers, health checks, mail bound to no case (notices), the `serve` and `worker`
    commands. It imports no app."""

    name = "lytte.platform"
    label = "platform"
    verbose_name = "Lytte"

    def ready(self) -> None:
        from lytte.platform import jobs
        from lytte.platform.notice_schedule import NoticeSchedule

        jobs.register(
            "notices", NoticeSchedule, help="send mail bound to no case whose task was lost."
        )
