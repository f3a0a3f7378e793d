from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "evidesk.api"
    label = "api"
    verbose_name = "API"
