from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lytte.core"
    label = "core"
    verbose_name = "Lytte"
