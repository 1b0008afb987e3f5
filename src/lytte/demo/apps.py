from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lytte.demo"
    label = "demo"
    verbose_name = "Demo data"
