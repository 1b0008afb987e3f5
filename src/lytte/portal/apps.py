from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "lytte.portal"
    label = "portal"
    verbose_name = _("Customer portal")

    def ready(self) -> None:
        from lytte.cases.models import Channel
        from lytte.cases.rules import register_case_rule
        from lytte.portal.web import web_case_rule

        register_case_rule(Channel.WEB, web_case_rule)
