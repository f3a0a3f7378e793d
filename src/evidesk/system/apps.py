from django.apps import AppConfig


class SystemConfig(AppConfig):
    name = "evidesk.system"
    label = "system"
    verbose_name = "System"
