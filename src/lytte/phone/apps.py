from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhoneConfig(AppConfig):
    name = "lytte.phone"
    label = "phone"
    verbose_name = _("Phone")

    def ready(self) -> None:
        from lytte.phone.schedule import PhoneSchedule
        from lytte.platform import jobs

        jobs.register("phone", PhoneSchedule, help="close calls whose hangup never came.")
