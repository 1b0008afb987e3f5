from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "lytte.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from lytte.insights import stale  # noqa: F401 -- subscribes to the case events
