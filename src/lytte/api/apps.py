from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lytte.api"
    label = "api"
    verbose_name = "REST API"
