from django.apps import AppConfig
from django.urls import register_converter


class SystemConfig(AppConfig):
    name = "evidesk.system"
    label = "system"
    verbose_name = "System"

    def ready(self) -> None:
        from evidesk.system.converters import RecordId

        # Before any address is resolved: the URL modules are read on the first request.
        register_converter(RecordId, "id")
