from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "evidesk.web"
    label = "web"
    verbose_name = "Web pages"
