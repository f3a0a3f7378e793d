from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "evidesk.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from evidesk.audit import signals  # noqa: F401  (login events)
