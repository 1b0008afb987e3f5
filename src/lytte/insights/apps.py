from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "lytte.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from lytte.insights import stale  # noqa: F401 -- subscribes to the case events
        from lytte.insights.schedule import InsightsSchedule
        from lytte.platform import jobs

        jobs.register(
            "insights", InsightsSchedule, help="refresh the rollups, train the reason model."
        )
