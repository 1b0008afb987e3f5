from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhoneConfig(AppConfig):
    name = "lytte.phone"
    label = "phone"
    verbose_name = _("Phone")

    def ready(self) -> None:
        from lytte.cases.models import Channel
        from lytte.cases.rules import register_case_rule
        from lytte.phone.schedule import PhoneSchedule
        from lytte.phone.selectors import same_matter_rule
        from lytte.platform import jobs

        register_case_rule(Channel.PHONE, same_matter_rule)
        jobs.register("phone", PhoneSchedule, help="close calls whose hangup never came.")
