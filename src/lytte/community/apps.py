from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "lytte.community"
    label = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        from lytte.community import subscribers  # noqa: F401  (tells members by email)
        from lytte.community.schedule import CommunitySchedule
        from lytte.platform import jobs

        jobs.register(
            "community",
            CommunitySchedule,
            help="make questions nobody answered in time into cases; send the daily digests.",
        )
