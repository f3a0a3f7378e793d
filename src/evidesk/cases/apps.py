from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "evidesk.cases"
    label = "cases"
    verbose_name = "Cases"
