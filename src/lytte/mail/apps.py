from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "lytte.mail"
    label = "mail"
    verbose_name = _("Email")

    def ready(self) -> None:
        from lytte.mail.fetch import MailWorker
        from lytte.platform import jobs

        jobs.register(
            "mail", MailWorker, help="fetch the IMAP mailboxes, file stored mail, send replies."
        )
