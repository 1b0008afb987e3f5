from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "lytte.chat"
    label = "chat"
    verbose_name = _("Live chat")

    def ready(self) -> None:
        from lytte.cases.models import Channel
        from lytte.cases.rules import register_case_rule
        from lytte.chat import push  # noqa: F401  (subscribes the customer sockets' push)
        from lytte.chat.schedule import ChatSchedule
        from lytte.chat.services.conversations import same_conversation
        from lytte.platform import jobs

        register_case_rule(Channel.CHAT, same_conversation)
        jobs.register(
            "chat", ChatSchedule, help="end chats whose customer left before anyone answered."
        )
