from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "lytte.desk"
    label = "desk"
    verbose_name = _("Agent desk")

    def ready(self) -> None:
        import lytte.desk.calls  # noqa: F401 -- subscribes to the call events (screen pops)
        from lytte.desk import (
            chat_push,  # noqa: F401 -- subscribes to the chat events
            push,  # noqa: F401 -- subscribes to the case events
            sla,  # noqa: F401 -- subscribes to the SLA's warnings and breaches
        )
