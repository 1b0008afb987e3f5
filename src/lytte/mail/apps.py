from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "lytte.mail"
    label = "mail"
    verbose_name = _("Email")

    def ready(self) -> None:
        from lytte.cases.models import Channel
        from lytte.cases.rules import register_case_rule
        from lytte.mail.fetch import MailWorker
        from lytte.mail.services.conversations import email_case_rule
        from lytte.platform import jobs

        register_case_rule(Channel.EMAIL, email_case_rule)
        jobs.register(
            "mail", MailWorker, help="fetch the IMAP mailboxes, file stored mail, send replies."
        )
