from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "lytte.feedback"
    label = "feedback"
    verbose_name = _("Customer feedback")

    def ready(self) -> None:
        from lytte.feedback import (
            reporting_subscribers,  # noqa: F401  (comment words, webhook)
            rollup_subscribers,  # noqa: F401  (the survey rollups' stale days)
            subscribers,  # noqa: F401  (listens to the case events)
        )
        from lytte.feedback.schedule import SurveySchedule
        from lytte.platform import jobs

        jobs.register("surveys", SurveySchedule, help="send the satisfaction surveys that are due.")
