from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The data subject's rights: access (export), erasure, retention and legal hold."""

    name = "lytte.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from lytte.platform import jobs
        from lytte.privacy.schedule import RetentionSchedule

        jobs.register("retention", RetentionSchedule, help="purge what is past its retention age.")
