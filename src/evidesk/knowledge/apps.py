from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "evidesk.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge base"
