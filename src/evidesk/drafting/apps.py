from django.apps import AppConfig


class DraftingConfig(AppConfig):
    name = "evidesk.drafting"
    label = "drafting"
    verbose_name = "Drafting"
