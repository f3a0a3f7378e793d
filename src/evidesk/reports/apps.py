from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "evidesk.reports"
    label = "reports"
    verbose_name = "Reports"
