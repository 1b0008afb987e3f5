from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "lytte.sla"
    label = "sla"
    verbose_name = _("Service levels")

    def ready(self) -> None:
        from lytte.platform import jobs
        from lytte.sla import escalation, stale, subscribers  # noqa: F401  (follow events)
        from lytte.sla.worker import SlaSchedule

        jobs.register(
            "sla",
            SlaSchedule,
            help="announce SLA warnings and breaches, recompute due times and report rollups.",
        )
