from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidesk.evidence"
    label = "evidence"
    verbose_name = "Evidence"
